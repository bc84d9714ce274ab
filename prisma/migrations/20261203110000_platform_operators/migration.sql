-- Warden: platform operators and the tenant lifecycle (docs/decisions/0032-platform-operators.md).
--
-- Operators and the platform log live outside every tenant, in the schema warden_platform. The
-- runtime role has no privilege on its tables: it may only EXECUTE the SECURITY DEFINER functions
-- below, owned by the NOLOGIN role warden_platform, which refuse to run inside a tenant
-- transaction (app.tenant_id set) and are not executable by warden_app. The tenant health
-- overview reads aggregates across tenants through policies for warden_platform alone and column
-- grants on ids, counts, timestamps and sums; never a name, e-mail or secret of a tenant's rows.

ALTER TABLE "tenants" ADD COLUMN "suspended_at" TIMESTAMPTZ(3);
ALTER TABLE "tenants" ADD COLUMN "first_admin_email" TEXT;

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_platform') THEN
    CREATE ROLE warden_platform NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT pg_has_role(CURRENT_USER, 'warden_platform', 'MEMBER') THEN EXECUTE format('GRANT warden_platform TO %I', CURRENT_USER); END IF;
EXCEPTION WHEN unique_violation THEN NULL;
END $$;

CREATE SCHEMA warden_platform;
REVOKE ALL ON SCHEMA warden_platform FROM PUBLIC;
GRANT USAGE ON SCHEMA warden_platform TO warden_runtime, warden_platform;
GRANT USAGE ON SCHEMA public TO warden_platform;

CREATE TABLE warden_platform.operators (
    "id" TEXT NOT NULL DEFAULT ('op_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "email" TEXT NOT NULL,
    "granted_by" TEXT NOT NULL,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "revoked_by" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "operators_pkey" PRIMARY KEY ("id")
);
-- One active grant per address; a revoked one may be granted again.
CREATE UNIQUE INDEX "operators_active_email" ON warden_platform.operators ("email") WHERE "revoked_at" IS NULL;

CREATE TABLE warden_platform.log (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "operator_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "tenant_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "log_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "log_at" ON warden_platform.log ("at");

ALTER TABLE warden_platform.operators ENABLE ROW LEVEL SECURITY;
ALTER TABLE warden_platform.operators FORCE ROW LEVEL SECURITY;
ALTER TABLE warden_platform.log ENABLE ROW LEVEL SECURITY;
ALTER TABLE warden_platform.log FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON warden_platform.operators TO warden_platform USING (true) WITH CHECK (true);
-- The log is append-only: warden_platform may read and insert, never change or delete.
CREATE POLICY platform_read ON warden_platform.log FOR SELECT TO warden_platform USING (true);
CREATE POLICY platform_append ON warden_platform.log FOR INSERT TO warden_platform WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON TABLE warden_platform.operators TO warden_platform;
GRANT SELECT, INSERT ON TABLE warden_platform.log TO warden_platform;
GRANT USAGE ON SEQUENCE warden_platform.log_id_seq TO warden_platform;

-- Tenant health: aggregates only. Policies for warden_platform alone, beside tenant_isolation.
GRANT SELECT (id, slug, name, domains, created_at, suspended_at) ON TABLE "tenants" TO warden_platform;
GRANT SELECT (tenant_id, active) ON TABLE "users" TO warden_platform;
GRANT SELECT (tenant_id, seq, hash, updated_at) ON TABLE "audit_heads" TO warden_platform;
GRANT SELECT (tenant_id, checked_at, verified) ON TABLE "audit_verifications" TO warden_platform;
GRANT SELECT (tenant_id, hour, requests, cost_usd) ON TABLE "usage_rollup_hourly" TO warden_platform;
CREATE POLICY platform_health ON "tenants" FOR SELECT TO warden_platform USING (true);
CREATE POLICY platform_health ON "users" FOR SELECT TO warden_platform USING (true);
CREATE POLICY platform_health ON "audit_heads" FOR SELECT TO warden_platform USING (true);
CREATE POLICY platform_health ON "audit_verifications" FOR SELECT TO warden_platform USING (true);
CREATE POLICY platform_health ON "usage_rollup_hourly" FOR SELECT TO warden_platform USING (true);

-- The resolver asks, for every credential, whether its tenant is suspended (a pre-tenant lookup).
GRANT SELECT (suspended_at) ON TABLE "tenants" TO warden_definer;
CREATE FUNCTION warden_system.tenant_suspended(p_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.tenant_suspended is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN EXISTS (SELECT 1 FROM tenants t WHERE t.id = p_id AND t.suspended_at IS NOT NULL);
END $$;
ALTER FUNCTION warden_system.tenant_suspended(text) OWNER TO warden_definer;
REVOKE ALL ON FUNCTION warden_system.tenant_suspended(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION warden_system.tenant_suspended(text) TO warden_runtime;

-- The platform functions. Every one refuses inside a tenant transaction.
CREATE FUNCTION warden_platform.outside_tenant(p_name text) RETURNS void
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_platform.% is not available inside a tenant transaction', p_name USING ERRCODE = '42501';
  END IF;
END $$;

CREATE FUNCTION warden_platform.operator_by_id(p_id text)
RETURNS TABLE (id text, email text, granted_at timestamptz, revoked_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('operator_by_id');
  RETURN QUERY SELECT o.id, o.email, o.granted_at::timestamptz, o.revoked_at::timestamptz FROM warden_platform.operators o WHERE o.id = p_id;
END $$;

CREATE FUNCTION warden_platform.active_operator_by_email(p_email text)
RETURNS TABLE (id text, email text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('active_operator_by_email');
  RETURN QUERY SELECT o.id, o.email FROM warden_platform.operators o WHERE o.email = lower(p_email) AND o.revoked_at IS NULL;
END $$;

CREATE FUNCTION warden_platform.operators_list()
RETURNS TABLE (id text, email text, granted_by text, granted_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('operators_list');
  RETURN QUERY SELECT o.id, o.email, o.granted_by, o.granted_at::timestamptz FROM warden_platform.operators o
    WHERE o.revoked_at IS NULL ORDER BY o.granted_at, o.id;
END $$;

-- The environment's bootstrap list counts only while no operator was ever granted.
CREATE FUNCTION warden_platform.bootstrap_operators(p_emails text[]) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
DECLARE
  added integer := 0;
  e text;
BEGIN
  PERFORM warden_platform.outside_tenant('bootstrap_operators');
  LOCK TABLE warden_platform.operators IN SHARE ROW EXCLUSIVE MODE;
  IF EXISTS (SELECT 1 FROM warden_platform.operators) THEN RETURN 0; END IF;
  FOREACH e IN ARRAY p_emails LOOP
    e := lower(btrim(e));
    CONTINUE WHEN e = '' OR EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.email = e AND o.revoked_at IS NULL);
    INSERT INTO warden_platform.operators (email, granted_by) VALUES (e, 'bootstrap');
    INSERT INTO warden_platform.log (operator_id, action, details) VALUES ('bootstrap', 'platform.operator_granted', jsonb_build_object('source', 'WARDEN_PLATFORM_OPERATORS'));
    added := added + 1;
  END LOOP;
  RETURN added;
END $$;

CREATE FUNCTION warden_platform.grant_operator(p_by text, p_email text)
RETURNS TABLE (id text, email text, granted_by text, granted_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
DECLARE
  new_id text;
BEGIN
  PERFORM warden_platform.outside_tenant('grant_operator');
  IF NOT EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.id = p_by AND o.revoked_at IS NULL) THEN
    RAISE EXCEPTION 'only an active operator grants' USING ERRCODE = '42501';
  END IF;
  INSERT INTO warden_platform.operators (email, granted_by) VALUES (lower(btrim(p_email)), p_by)
    ON CONFLICT DO NOTHING RETURNING operators.id INTO new_id;
  IF new_id IS NULL THEN RETURN; END IF;
  INSERT INTO warden_platform.log (operator_id, action, details) VALUES (p_by, 'platform.operator_granted', jsonb_build_object('operator', new_id));
  RETURN QUERY SELECT o.id, o.email, o.granted_by, o.granted_at::timestamptz FROM warden_platform.operators o WHERE o.id = new_id;
END $$;

-- Revoking the last active operator is refused (nobody could grant again; the bootstrap list no longer counts).
CREATE FUNCTION warden_platform.revoke_operator(p_by text, p_id text) RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
BEGIN
  PERFORM warden_platform.outside_tenant('revoke_operator');
  LOCK TABLE warden_platform.operators IN SHARE ROW EXCLUSIVE MODE;
  IF NOT EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.id = p_by AND o.revoked_at IS NULL) THEN
    RAISE EXCEPTION 'only an active operator revokes' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.id = p_id AND o.revoked_at IS NULL) THEN RETURN 'not_found'; END IF;
  IF (SELECT count(*) FROM warden_platform.operators o WHERE o.revoked_at IS NULL) <= 1 THEN RETURN 'last_operator'; END IF;
  UPDATE warden_platform.operators SET revoked_at = now(), revoked_by = p_by WHERE id = p_id;
  INSERT INTO warden_platform.log (operator_id, action, details) VALUES (p_by, 'platform.operator_revoked', jsonb_build_object('operator', p_id));
  RETURN 'revoked';
END $$;

CREATE FUNCTION warden_platform.append_log(p_by text, p_action text, p_tenant text, p_details jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
BEGIN
  PERFORM warden_platform.outside_tenant('append_log');
  IF NOT EXISTS (SELECT 1 FROM warden_platform.operators o WHERE o.id = p_by AND o.revoked_at IS NULL) THEN
    RAISE EXCEPTION 'only an active operator writes the platform log' USING ERRCODE = '42501';
  END IF;
  INSERT INTO warden_platform.log (operator_id, action, tenant_id, details) VALUES (p_by, p_action, p_tenant, coalesce(p_details, '{}'::jsonb));
END $$;

CREATE FUNCTION warden_platform.log_entries(p_limit integer)
RETURNS TABLE (id bigint, at timestamptz, operator_id text, action text, tenant_id text, details jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, warden_platform AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('log_entries');
  RETURN QUERY SELECT l.id, l.at::timestamptz, l.operator_id, l.action, l.tenant_id, l.details FROM warden_platform.log l
    ORDER BY l.id DESC LIMIT least(greatest(p_limit, 1), 500);
END $$;

-- Tenant health: counts, times, the chain head, the last verification and 30-day usage totals.
CREATE FUNCTION warden_platform.tenant_overview()
RETURNS TABLE (id text, slug text, name text, domains text[], created_at timestamptz, suspended_at timestamptz,
               people bigint, last_activity timestamptz, head_seq bigint, head_hash text,
               verified_at timestamptz, verified boolean, requests_30d bigint, cost_30d numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('tenant_overview');
  RETURN QUERY
  SELECT t.id, t.slug, t.name, t.domains, t.created_at::timestamptz, t.suspended_at::timestamptz,
         (SELECT count(*) FROM users u WHERE u.tenant_id = t.id AND u.active),
         h.updated_at::timestamptz, h.seq, h.hash,
         v.checked_at::timestamptz, v.verified,
         coalesce((SELECT sum(r.requests) FROM usage_rollup_hourly r WHERE r.tenant_id = t.id AND r.hour >= now() - interval '30 days'), 0)::bigint,
         coalesce((SELECT sum(r.cost_usd) FROM usage_rollup_hourly r WHERE r.tenant_id = t.id AND r.hour >= now() - interval '30 days'), 0)::numeric
    FROM tenants t
    LEFT JOIN audit_heads h ON h.tenant_id = t.id
    LEFT JOIN LATERAL (SELECT a.checked_at, a.verified FROM audit_verifications a WHERE a.tenant_id = t.id ORDER BY a.checked_at DESC LIMIT 1) v ON true
   ORDER BY t.created_at, t.id;
END $$;

DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'warden_platform.outside_tenant(text)',
    'warden_platform.operator_by_id(text)', 'warden_platform.active_operator_by_email(text)', 'warden_platform.operators_list()',
    'warden_platform.bootstrap_operators(text[])', 'warden_platform.grant_operator(text, text)', 'warden_platform.revoke_operator(text, text)',
    'warden_platform.append_log(text, text, text, jsonb)', 'warden_platform.log_entries(integer)', 'warden_platform.tenant_overview()'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO warden_platform', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    IF f <> 'warden_platform.outside_tenant(text)' THEN EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO warden_runtime', f); END IF;
  END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION warden_platform.outside_tenant(text) TO warden_platform;
