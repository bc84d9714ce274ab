-- Warden: tenant deletion after a grace period, crypto-shredding and the erasure certificate
-- (docs/decisions/0035-tenant-keys-export-and-erasure.md).
--
-- warden_platform.tenant_deletions holds a scheduled deletion (only of a suspended tenant) until
-- it is cancelled or purged; warden_platform.erasure_certificates keeps the signed certificate
-- after the tenant is gone. The purge itself is warden_platform.purge_tenant(), a SECURITY DEFINER
-- function owned by the schema owner (whoever runs the migrations): it deletes every row carrying
-- the tenant's id in every table that has a tenant_id column, in every schema but warden_platform,
-- the tenant row, and the tenant's pg-boss jobs; the wrapped tenant key goes through
-- warden_keys.shred_tenant_key(), which only the owner may call. It refuses unless a deletion
-- of that tenant is scheduled and due. The runtime role gains EXECUTE on these functions only:
-- no table privilege, no policy, nothing that reaches another tenant or an undue one.

CREATE TABLE warden_platform.tenant_deletions (
    "tenant_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "grace_days" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "tenant_deletions_pkey" PRIMARY KEY ("tenant_id")
);
CREATE TABLE warden_platform.erasure_certificates (
    "tenant_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "purged_at" TIMESTAMPTZ(3) NOT NULL,
    -- The signed document exactly as signed (RFC 8785 JSON), its Ed25519 signature and key id.
    "certificate" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    CONSTRAINT "erasure_certificates_pkey" PRIMARY KEY ("tenant_id")
);
ALTER TABLE warden_platform.tenant_deletions ENABLE ROW LEVEL SECURITY;
ALTER TABLE warden_platform.tenant_deletions FORCE ROW LEVEL SECURITY;
ALTER TABLE warden_platform.erasure_certificates ENABLE ROW LEVEL SECURITY;
ALTER TABLE warden_platform.erasure_certificates FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON warden_platform.tenant_deletions TO warden_platform USING (true) WITH CHECK (true);
-- Certificates are kept: read and insert, never change or delete.
CREATE POLICY platform_read ON warden_platform.erasure_certificates FOR SELECT TO warden_platform USING (true);
CREATE POLICY platform_append ON warden_platform.erasure_certificates FOR INSERT TO warden_platform WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE warden_platform.tenant_deletions TO warden_platform; -- UPDATE: the purge locks the row (FOR UPDATE)
GRANT SELECT, INSERT ON TABLE warden_platform.erasure_certificates TO warden_platform;

-- The platform may read a tenant key's fingerprint and origin (never the wrapped key).
GRANT USAGE ON SCHEMA warden_keys TO warden_platform;
GRANT SELECT (tenant_id, fingerprint, legacy, created_at) ON TABLE warden_keys.tenant_keys TO warden_platform;
CREATE POLICY platform_fingerprint ON warden_keys.tenant_keys FOR SELECT TO warden_platform USING (true);

-- Shredding: the one way a wrapped tenant key is destroyed. EXECUTE for the owner (the purge) only.
CREATE POLICY keyholder_shred ON warden_keys.tenant_keys FOR DELETE TO warden_keyholder USING (true);
GRANT DELETE ON TABLE warden_keys.tenant_keys TO warden_keyholder;
CREATE FUNCTION warden_keys.shred_tenant_key(p_tenant text) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_keys AS $$
DECLARE n integer;
BEGIN
  DELETE FROM warden_keys.tenant_keys WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;
ALTER FUNCTION warden_keys.shred_tenant_key(text) OWNER TO warden_keyholder;
REVOKE ALL ON FUNCTION warden_keys.shred_tenant_key(text) FROM PUBLIC;
DO $$ BEGIN EXECUTE format('GRANT EXECUTE ON FUNCTION warden_keys.shred_tenant_key(text) TO %I', CURRENT_USER); END $$;
DO $$ BEGIN EXECUTE format('GRANT USAGE ON SCHEMA warden_keys TO %I', CURRENT_USER); END $$;

-- Schedule (the tenant must be suspended), cancel, list, due.
CREATE FUNCTION warden_platform.schedule_tenant_deletion(p_by text, p_tenant text, p_grace_days integer)
RETURNS TABLE (outcome text, due_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, warden_platform AS $$
#variable_conflict use_column
DECLARE
  t record;
  d timestamptz;
BEGIN
  PERFORM warden_platform.outside_tenant('schedule_tenant_deletion');
  IF NOT EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.id = p_by AND o.revoked_at IS NULL) THEN
    RAISE EXCEPTION 'only an active operator deletes a tenant' USING ERRCODE = '42501';
  END IF;
  SELECT tn.id, tn.slug, tn.suspended_at INTO t FROM public.tenants tn WHERE tn.id = p_tenant;
  IF NOT FOUND THEN RETURN QUERY SELECT 'not_found'::text, NULL::timestamptz; RETURN; END IF;
  IF t.suspended_at IS NULL THEN RETURN QUERY SELECT 'not_suspended'::text, NULL::timestamptz; RETURN; END IF;
  SELECT x.due_at INTO d FROM warden_platform.tenant_deletions x WHERE x.tenant_id = p_tenant;
  IF FOUND THEN RETURN QUERY SELECT 'already_scheduled'::text, d; RETURN; END IF;
  d := now() + make_interval(days => greatest(p_grace_days, 0));
  INSERT INTO warden_platform.tenant_deletions (tenant_id, slug, requested_by, grace_days, due_at) VALUES (p_tenant, t.slug, p_by, greatest(p_grace_days, 0), d);
  RETURN QUERY SELECT 'scheduled'::text, d;
END $$;

CREATE FUNCTION warden_platform.cancel_tenant_deletion(p_by text, p_tenant text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
DECLARE n integer;
BEGIN
  PERFORM warden_platform.outside_tenant('cancel_tenant_deletion');
  IF NOT EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.id = p_by AND o.revoked_at IS NULL) THEN
    RAISE EXCEPTION 'only an active operator cancels a deletion' USING ERRCODE = '42501';
  END IF;
  DELETE FROM warden_platform.tenant_deletions WHERE tenant_id = p_tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n > 0;
END $$;

CREATE FUNCTION warden_platform.tenant_deletions_list()
RETURNS TABLE (tenant_id text, slug text, requested_by text, requested_at timestamptz, grace_days integer, due_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('tenant_deletions_list');
  RETURN QUERY SELECT d.tenant_id, d.slug, d.requested_by, d.requested_at::timestamptz, d.grace_days, d.due_at::timestamptz
    FROM warden_platform.tenant_deletions d ORDER BY d.due_at, d.tenant_id;
END $$;

CREATE FUNCTION warden_platform.tenant_key_info(p_tenant text)
RETURNS TABLE (fingerprint text, legacy boolean, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_keys AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('tenant_key_info');
  RETURN QUERY SELECT k.fingerprint, k.legacy, k.created_at::timestamptz FROM warden_keys.tenant_keys k WHERE k.tenant_id = p_tenant;
END $$;

-- After the purge, in the purge's transaction: the schedule row goes, the signed certificate stays.
CREATE FUNCTION warden_platform.complete_tenant_deletion(p_tenant text, p_slug text, p_purged_at timestamptz, p_certificate text, p_signature text, p_key_id text) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public, warden_platform AS $$
BEGIN
  PERFORM warden_platform.outside_tenant('complete_tenant_deletion');
  IF EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = p_tenant) THEN
    RAISE EXCEPTION 'tenant % still exists: purge it first', p_tenant USING ERRCODE = '42501';
  END IF;
  DELETE FROM warden_platform.tenant_deletions WHERE tenant_id = p_tenant;
  INSERT INTO warden_platform.erasure_certificates (tenant_id, slug, purged_at, certificate, signature, key_id)
    VALUES (p_tenant, p_slug, p_purged_at, p_certificate, p_signature, p_key_id);
END $$;

CREATE FUNCTION warden_platform.erasure_certificate(p_tenant text)
RETURNS TABLE (tenant_id text, slug text, purged_at timestamptz, certificate text, signature text, key_id text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('erasure_certificate');
  RETURN QUERY SELECT c.tenant_id, c.slug, c.purged_at::timestamptz, c.certificate, c.signature, c.key_id
    FROM warden_platform.erasure_certificates c WHERE c.tenant_id = p_tenant;
END $$;

CREATE FUNCTION warden_platform.erasure_certificates_list()
RETURNS TABLE (tenant_id text, slug text, purged_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('erasure_certificates_list');
  RETURN QUERY SELECT c.tenant_id, c.slug, c.purged_at::timestamptz FROM warden_platform.erasure_certificates c ORDER BY c.purged_at DESC LIMIT 200;
END $$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'warden_platform.schedule_tenant_deletion(text, text, integer)', 'warden_platform.cancel_tenant_deletion(text, text)',
    'warden_platform.tenant_deletions_list()', 'warden_platform.tenant_key_info(text)',
    'warden_platform.complete_tenant_deletion(text, text, timestamptz, text, text, text)',
    'warden_platform.erasure_certificate(text)', 'warden_platform.erasure_certificates_list()'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO warden_platform', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO warden_runtime', f);
  END LOOP;
END $$;

-- The scheduled deletion of a tenant if it is due (locked until the purge's transaction ends);
-- EXECUTE for the owner's purge only.
CREATE FUNCTION warden_platform.due_deletion(p_tenant text)
RETURNS TABLE (tenant_id text, slug text, requested_by text, requested_at timestamptz, grace_days integer, due_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY SELECT d.tenant_id, d.slug, d.requested_by, d.requested_at::timestamptz, d.grace_days, d.due_at::timestamptz
    FROM warden_platform.tenant_deletions d WHERE d.tenant_id = p_tenant AND d.due_at <= now() FOR UPDATE;
END $$;
ALTER FUNCTION warden_platform.due_deletion(text) OWNER TO warden_platform;
REVOKE ALL ON FUNCTION warden_platform.due_deletion(text) FROM PUBLIC;
DO $$ BEGIN EXECUTE format('GRANT EXECUTE ON FUNCTION warden_platform.due_deletion(text) TO %I', CURRENT_USER); END $$;

-- The purge. Owned by the schema owner (it must reach every tenant table, the append-only audit
-- tables included, and pg-boss's). Inside, app.tenant_id is set to the purged tenant so the
-- forced tenant_isolation policies admit exactly its rows, and cleared again before returning.
-- Tables are emptied in passes (a foreign-key refusal retries in the next pass; rollup triggers
-- that write during a pass are caught by the next) until a pass deletes nothing.
CREATE FUNCTION warden_platform.purge_tenant(p_tenant text) RETURNS jsonb
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  del record;
  tbl record;
  n bigint;
  pass integer := 0;
  progress boolean;
  remaining integer;
  counts jsonb := '{}'::jsonb;
  shredded integer;
BEGIN
  PERFORM warden_platform.outside_tenant('purge_tenant');
  SELECT * INTO del FROM warden_platform.due_deletion(p_tenant);
  IF del.tenant_id IS NULL THEN
    RAISE EXCEPTION 'tenant % has no due deletion', p_tenant USING ERRCODE = '42501';
  END IF;
  PERFORM set_config('app.tenant_id', p_tenant, true);
  IF NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = p_tenant AND t.suspended_at IS NOT NULL) THEN
    RAISE EXCEPTION 'tenant % is not suspended', p_tenant USING ERRCODE = '42501';
  END IF;
  LOOP
    pass := pass + 1;
    progress := false;
    remaining := 0;
    FOR tbl IN
      SELECT n2.nspname AS schema_name, c.relname AS table_name
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n2 ON n2.oid = c.relnamespace
       WHERE a.attname = 'tenant_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND n2.nspname NOT IN ('pg_catalog', 'information_schema', 'warden_platform', 'warden_keys')
       ORDER BY n2.nspname, c.relname
    LOOP
      BEGIN
        EXECUTE format('DELETE FROM %I.%I WHERE tenant_id = $1', tbl.schema_name, tbl.table_name) USING p_tenant;
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
          progress := true;
          counts := jsonb_set(counts, ARRAY[tbl.schema_name || '.' || tbl.table_name],
            to_jsonb(coalesce((counts ->> (tbl.schema_name || '.' || tbl.table_name))::bigint, 0) + n));
        END IF;
      EXCEPTION WHEN foreign_key_violation OR restrict_violation THEN
        remaining := remaining + 1;
      END;
    END LOOP;
    EXIT WHEN NOT progress AND remaining = 0;
    IF pass >= 20 THEN
      RAISE EXCEPTION 'purge of tenant % did not converge (% tables refused)', p_tenant, remaining;
    END IF;
  END LOOP;
  -- The tenant's background jobs (pg-boss keeps job data as JSON): queued, done and archived.
  IF to_regclass('pgboss.job') IS NOT NULL THEN
    EXECUTE 'DELETE FROM pgboss.job WHERE strpos(data::text, $1) > 0' USING p_tenant;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN counts := counts || jsonb_build_object('pgboss.job', n); END IF;
  END IF;
  IF to_regclass('pgboss.archive') IS NOT NULL THEN
    EXECUTE 'DELETE FROM pgboss.archive WHERE strpos(data::text, $1) > 0' USING p_tenant;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN counts := counts || jsonb_build_object('pgboss.archive', n); END IF;
  END IF;
  DELETE FROM public.tenants WHERE id = p_tenant;
  GET DIAGNOSTICS n = ROW_COUNT;
  counts := counts || jsonb_build_object('public.tenants', n);
  shredded := warden_keys.shred_tenant_key(p_tenant);
  PERFORM set_config('app.tenant_id', '', true);
  RETURN jsonb_build_object(
    'deleted_rows', counts, 'key_rows_shredded', shredded, 'slug', del.slug, 'requested_by', del.requested_by,
    'requested_at', del.requested_at, 'grace_days', del.grace_days, 'due_at', del.due_at, 'purged_at', now());
END $$;
REVOKE ALL ON FUNCTION warden_platform.purge_tenant(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION warden_platform.purge_tenant(text) TO warden_runtime;
