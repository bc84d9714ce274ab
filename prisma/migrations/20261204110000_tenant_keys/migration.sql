-- Warden: per-tenant key material (docs/decisions/0035-tenant-keys-export-and-erasure.md).
--
-- Each tenant has a random 32-byte tenant key, stored only wrapped (AES-256-GCM under the master
-- WARDEN_ENCRYPTION_KEY, bound to the tenant id) in warden_keys.tenant_keys. Nobody but the NOLOGIN
-- role warden_keyholder has a privilege on that table, and it may only SELECT and INSERT: a key is
-- never rewritten, and only the owner's purge (tenant deletion) destroys it. The runtime reaches
-- it through one SECURITY DEFINER function, callable by warden_app only inside the transaction of
-- the same tenant (app.tenant_id = the tenant), which returns the tenant's wrapped key, creating it
-- from the caller's candidate when the tenant has none yet.

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'warden_keyholder') THEN
    CREATE ROLE warden_keyholder NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT pg_has_role(CURRENT_USER, 'warden_keyholder', 'MEMBER') THEN EXECUTE format('GRANT warden_keyholder TO %I', CURRENT_USER); END IF;
EXCEPTION WHEN unique_violation THEN NULL;
END $$;

CREATE SCHEMA warden_keys;
REVOKE ALL ON SCHEMA warden_keys FROM PUBLIC;
GRANT USAGE ON SCHEMA warden_keys TO warden_keyholder, warden_app;

CREATE TABLE warden_keys.tenant_keys (
    "tenant_id" TEXT NOT NULL,
    "wrapped" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    -- true: created lazily for a tenant that existed before tenant keys (its older chain entries
    -- and its pseudonyms stay derived from the master keys; the erasure certificate says so).
    "legacy" BOOLEAN NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "tenant_keys_pkey" PRIMARY KEY ("tenant_id")
);
ALTER TABLE warden_keys.tenant_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE warden_keys.tenant_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY keyholder_read ON warden_keys.tenant_keys FOR SELECT TO warden_keyholder USING (true);
CREATE POLICY keyholder_insert ON warden_keys.tenant_keys FOR INSERT TO warden_keyholder WITH CHECK (true);
GRANT SELECT, INSERT ON TABLE warden_keys.tenant_keys TO warden_keyholder;

-- uncommitted: the row was inserted by the calling transaction (the caller must not cache it
-- across transactions: a rollback would leave a cached key that was never stored).
CREATE FUNCTION warden_keys.tenant_key(p_tenant text, p_wrapped text, p_fingerprint text, p_legacy boolean)
RETURNS TABLE (wrapped text, fingerprint text, legacy boolean, uncommitted boolean)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, warden_keys AS $$
#variable_conflict use_column
BEGIN
  IF p_tenant IS NULL OR coalesce(current_setting('app.tenant_id', true), '') <> p_tenant THEN
    RAISE EXCEPTION 'warden_keys.tenant_key is only available inside the tenant''s own transaction' USING ERRCODE = '42501';
  END IF;
  IF p_wrapped IS NOT NULL THEN
    INSERT INTO warden_keys.tenant_keys (tenant_id, wrapped, fingerprint, legacy)
      VALUES (p_tenant, p_wrapped, p_fingerprint, coalesce(p_legacy, true))
      ON CONFLICT (tenant_id) DO NOTHING;
  END IF;
  RETURN QUERY SELECT k.wrapped, k.fingerprint, k.legacy, (k.xmin::text = (pg_current_xact_id()::xid)::text)
    FROM warden_keys.tenant_keys k WHERE k.tenant_id = p_tenant;
END $$;
ALTER FUNCTION warden_keys.tenant_key(text, text, text, boolean) OWNER TO warden_keyholder;
REVOKE ALL ON FUNCTION warden_keys.tenant_key(text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION warden_keys.tenant_key(text, text, text, boolean) TO warden_app;
