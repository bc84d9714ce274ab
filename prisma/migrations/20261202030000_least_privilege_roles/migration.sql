-- Warden: least-privilege database roles (docs/decisions/0014-least-privilege-database-roles.md).
--
--   owner (whoever runs the migrations)  owns every table; never used by the running app
--   warden_app       NOLOGIN  the privileges every tenant transaction runs with (SET LOCAL ROLE)
--   warden_runtime   the role the app connects as: member of warden_app, not superuser, no
--                    BYPASSRLS, owns nothing. Created NOLOGIN here; provisioning (npm run demo,
--                    .ci/run, the DBA) turns on LOGIN and sets its password.
--   warden_definer   NOLOGIN  owns the pre-tenant lookups below (SECURITY DEFINER); may SELECT a few
--                    columns of five tables across tenants, through policies for it alone
--   warden_audit_pruner NOLOGIN  owns the one function that deletes audit entries (retention)
--
-- Roles are cluster-wide and several databases may be migrated at once: creation and membership
-- tolerate a concurrent twin.
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_runtime') THEN
    CREATE ROLE warden_runtime NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_definer') THEN
    CREATE ROLE warden_definer NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_audit_pruner') THEN
    CREATE ROLE warden_audit_pruner NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT pg_has_role('warden_runtime', 'warden_app', 'MEMBER') THEN GRANT warden_app TO warden_runtime; END IF;
  -- The migrating role hands the functions over to their owners (ALTER ... OWNER TO needs membership).
  IF NOT pg_has_role(CURRENT_USER, 'warden_definer', 'MEMBER') THEN EXECUTE format('GRANT warden_definer TO %I', CURRENT_USER); END IF;
  IF NOT pg_has_role(CURRENT_USER, 'warden_audit_pruner', 'MEMBER') THEN EXECUTE format('GRANT warden_audit_pruner TO %I', CURRENT_USER); END IF;
EXCEPTION WHEN unique_violation THEN NULL;
END $$;

-- Nothing but the owner creates objects in public (the default since PostgreSQL 15; older
-- servers granted CREATE to everyone, which would let the runtime role own objects).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE SCHEMA warden_system;
REVOKE ALL ON SCHEMA warden_system FROM PUBLIC;
-- warden_app needs the schema only for prune_audit_entries (EXECUTE is per function below).
GRANT USAGE ON SCHEMA warden_system TO warden_runtime, warden_app;
GRANT USAGE ON SCHEMA public TO warden_definer, warden_audit_pruner;

-- What the definer may read across tenants: ids, slugs, names, hashes; never a secret column.
GRANT SELECT (id, slug, name, domains, created_at) ON TABLE "tenants" TO warden_definer;
GRANT SELECT (id, tenant_id, secret_hash) ON TABLE "api_keys" TO warden_definer;
GRANT SELECT (id, tenant_id, secret_hash) ON TABLE "virtual_keys" TO warden_definer;
GRANT SELECT (id, tenant_id, token_hash, revoked_at) ON TABLE "scim_tokens" TO warden_definer;
GRANT SELECT (id, tenant_id, type, name, enabled, issuer, client_id, email_domains, created_at) ON TABLE "identity_providers" TO warden_definer;
-- The history table is absent where migrations are replayed without one (the shadow database of
-- `npm run db:migration`).
DO $$ BEGIN
  IF to_regclass('public._prisma_migrations') IS NOT NULL THEN
    GRANT SELECT (migration_name, finished_at, rolled_back_at) ON TABLE public._prisma_migrations TO warden_definer;
  END IF;
END $$;
-- RLS stays forced for everyone else; these permissive policies apply to warden_definer only.
CREATE POLICY system_lookup ON "tenants" FOR SELECT TO warden_definer USING (true);
CREATE POLICY system_lookup ON "api_keys" FOR SELECT TO warden_definer USING (true);
CREATE POLICY system_lookup ON "virtual_keys" FOR SELECT TO warden_definer USING (true);
CREATE POLICY system_lookup ON "scim_tokens" FOR SELECT TO warden_definer USING (true);
CREATE POLICY system_lookup ON "identity_providers" FOR SELECT TO warden_definer USING (true);

-- The pruner works inside the tenant's own transaction: tenant_isolation still applies to it.
GRANT SELECT (tenant_id, seq, hash, ts), DELETE ON TABLE "audit_entries" TO warden_audit_pruner;
GRANT SELECT (tenant_id, seq, hash, kind) ON TABLE "audit_checkpoints" TO warden_audit_pruner;
GRANT SELECT (tenant_id, retention_days) ON TABLE "audit_settings" TO warden_audit_pruner;

-- Every lookup refuses to run inside a tenant transaction (app.tenant_id set), so SQL injected
-- into one cannot use it to reach another tenant; EXECUTE is granted to warden_runtime and not
-- to warden_app, the role tenant transactions run as.
CREATE FUNCTION warden_system.tenant_by_slug(p_slug text) RETURNS TABLE (id text, slug text, name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.tenant_by_slug is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT t.id, t.slug, t.name FROM tenants t WHERE t.slug = p_slug;
END $$;

CREATE FUNCTION warden_system.tenant_by_id(p_id text) RETURNS TABLE (id text, slug text, name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.tenant_by_id is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT t.id, t.slug, t.name FROM tenants t WHERE t.id = p_id;
END $$;

CREATE FUNCTION warden_system.tenant_by_email_domain(p_domain text) RETURNS TABLE (id text, slug text, name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.tenant_by_email_domain is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT t.id, t.slug, t.name FROM tenants t WHERE p_domain = ANY (t.domains)
    ORDER BY t.created_at, t.id LIMIT 1;
END $$;

-- Scheduled jobs (audit verification, retention, monitoring) visit every tenant: ids only.
CREATE FUNCTION warden_system.tenant_ids() RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.tenant_ids is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT t.id FROM tenants t ORDER BY t.id;
END $$;

CREATE FUNCTION warden_system.tenants_with_sign_in() RETURNS TABLE (id text, slug text, name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.tenants_with_sign_in is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT t.id, t.slug, t.name FROM tenants t
    WHERE EXISTS (SELECT 1 FROM identity_providers i WHERE i.tenant_id = t.id AND i.enabled) ORDER BY t.name;
END $$;

-- Bearer API keys: which tenant a secret's hash belongs to. The key row itself is then read
-- inside that tenant's transaction.
CREATE FUNCTION warden_system.api_key_by_hash(p_hash text) RETURNS TABLE (id text, tenant_id text, tenant_slug text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.api_key_by_hash is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT k.id, k.tenant_id, t.slug FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.secret_hash = p_hash;
END $$;

CREATE FUNCTION warden_system.virtual_key_by_hash(p_hash text) RETURNS TABLE (id text, tenant_id text, tenant_slug text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.virtual_key_by_hash is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT k.id, k.tenant_id, t.slug FROM virtual_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.secret_hash = p_hash;
END $$;

CREATE FUNCTION warden_system.scim_token_by_hash(p_hash text)
RETURNS TABLE (id text, tenant_id text, tenant_slug text, revoked boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.scim_token_by_hash is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT s.id, s.tenant_id, t.slug, s.revoked_at IS NOT NULL
    FROM scim_tokens s JOIN tenants t ON t.id = s.tenant_id WHERE s.token_hash = p_hash;
END $$;

-- Auth.js builds its provider list per request: public settings only. The sealed client secret
-- is read per provider inside its tenant's transaction.
CREATE FUNCTION warden_system.enabled_identity_providers()
RETURNS TABLE (id text, tenant_id text, tenant_slug text, type text, name text, issuer text, client_id text, email_domains text[])
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.enabled_identity_providers is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT i.id, i.tenant_id, t.slug, i.type, i.name, i.issuer, i.client_id, i.email_domains
    FROM identity_providers i JOIN tenants t ON t.id = i.tenant_id
    WHERE i.enabled AND i.type IN ('okta', 'entra', 'oidc') ORDER BY i.created_at, i.id;
END $$;

-- /api/health: the applied migrations' names (the history table itself stays the owner's).
CREATE FUNCTION warden_system.applied_migrations() RETURNS SETOF text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF coalesce(current_setting('app.tenant_id', true), '') <> '' THEN
    RAISE EXCEPTION 'warden_system.applied_migrations is not available inside a tenant transaction' USING ERRCODE = '42501';
  END IF;
  RETURN QUERY SELECT m.migration_name::text FROM _prisma_migrations m
    WHERE m.finished_at IS NOT NULL AND m.rolled_back_at IS NULL ORDER BY m.migration_name;
END $$;

-- Audit retention (lib/audit/retention.ts). The application role cannot delete audit entries;
-- this function can, and only: inside the tenant's own transaction, up to a seq that a signed
-- anchor checkpoint already records (same hash), never the newest entry, and only entries older
-- than the tenant's retention_days.
CREATE FUNCTION warden_system.prune_audit_entries(p_tenant text, p_seq bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  days integer;
  head bigint;
  removed bigint;
BEGIN
  IF p_tenant IS NULL OR current_setting('app.tenant_id', true) IS DISTINCT FROM p_tenant THEN
    RAISE EXCEPTION 'warden_system.prune_audit_entries runs only inside the tenant''s own transaction' USING ERRCODE = '42501';
  END IF;
  SELECT s.retention_days INTO days FROM audit_settings s WHERE s.tenant_id = p_tenant;
  IF days IS NULL OR days < 1 THEN
    RAISE EXCEPTION 'audit retention is not configured for this tenant' USING ERRCODE = '42501';
  END IF;
  SELECT max(e.seq) INTO head FROM audit_entries e WHERE e.tenant_id = p_tenant;
  IF head IS NULL OR p_seq >= head THEN
    RAISE EXCEPTION 'the newest audit entry is never pruned' USING ERRCODE = '42501';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM audit_checkpoints c JOIN audit_entries e ON e.tenant_id = c.tenant_id AND e.seq = c.seq AND e.hash = c.hash
                  WHERE c.tenant_id = p_tenant AND c.seq = p_seq AND c.kind = 'anchor') THEN
    RAISE EXCEPTION 'no anchor checkpoint records audit entry %', p_seq USING ERRCODE = '42501';
  END IF;
  IF EXISTS (SELECT 1 FROM audit_entries e WHERE e.tenant_id = p_tenant AND e.seq <= p_seq
              AND e.ts >= now() - make_interval(days => days)) THEN
    RAISE EXCEPTION 'audit entries up to % are not older than the retention (% days)', p_seq, days USING ERRCODE = '42501';
  END IF;
  DELETE FROM audit_entries e WHERE e.tenant_id = p_tenant AND e.seq <= p_seq;
  GET DIAGNOSTICS removed = ROW_COUNT;
  RETURN removed;
END $$;

-- Owners and EXECUTE: functions are executable by PUBLIC unless revoked. ALTER ... OWNER TO
-- needs CREATE on the schema for the new owner; it is taken back right after.
GRANT CREATE ON SCHEMA warden_system TO warden_definer, warden_audit_pruner;
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = 'warden_system'::regnamespace LOOP
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    IF f = 'warden_system.prune_audit_entries(text,bigint)'::regprocedure THEN
      EXECUTE format('ALTER FUNCTION %s OWNER TO warden_audit_pruner', f);
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO warden_app', f);
    ELSE
      EXECUTE format('ALTER FUNCTION %s OWNER TO warden_definer', f);
      EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO warden_runtime', f);
    END IF;
  END LOOP;
END $$;
REVOKE CREATE ON SCHEMA warden_system FROM warden_definer, warden_audit_pruner;
