-- Support access (docs/decisions/0037-support-access.md): a tenant admin grants a named platform
-- operator time-boxed access (at most 72 hours) with a reason and a role. The grant is a tenant
-- row (RLS forced, tenant_isolation); the operator's own list of grants across tenants is read
-- through one warden_platform SECURITY DEFINER function, never by the runtime role directly.
CREATE TABLE "support_grants" (
    "id" TEXT NOT NULL DEFAULT ('sup_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "operator_id" TEXT NOT NULL,
    "operator_email" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "granted_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "revoked_by" TEXT,

    CONSTRAINT "support_grants_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "support_grants_role_check" CHECK (role IN ('admin', 'read_only')),
    CONSTRAINT "support_grants_window_check" CHECK (expires_at > created_at AND expires_at <= created_at + interval '72 hours'),
    CONSTRAINT "support_grants_reason_check" CHECK (length(btrim(reason)) BETWEEN 1 AND 500)
);
CREATE UNIQUE INDEX "support_grants_tenant_id_id_key" ON "support_grants"("tenant_id", "id");
CREATE INDEX "support_grants_tenant_id_created_at_idx" ON "support_grants"("tenant_id", "created_at");
CREATE INDEX "support_grants_operator_id_idx" ON "support_grants"("operator_id");
ALTER TABLE "support_grants" ADD CONSTRAINT "support_grants_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE ON TABLE "support_grants" TO warden_app;
ALTER TABLE "support_grants" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "support_grants" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "support_grants" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- The operator's own live grants: ids, the tenant's slug and name, role, reason and window.
GRANT SELECT (id, tenant_id, operator_id, role, reason, created_at, expires_at, revoked_at) ON TABLE "support_grants" TO warden_platform;
CREATE POLICY platform_support ON "support_grants" FOR SELECT TO warden_platform USING (true);

CREATE FUNCTION warden_platform.support_grants_for(p_operator text)
RETURNS TABLE (id text, tenant_id text, tenant_slug text, tenant_name text, role text, reason text, created_at timestamptz, expires_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
#variable_conflict use_column
BEGIN
  PERFORM warden_platform.outside_tenant('support_grants_for');
  RETURN QUERY SELECT g.id, g.tenant_id, t.slug, t.name, g.role, g.reason, g.created_at::timestamptz, g.expires_at::timestamptz
    FROM support_grants g JOIN tenants t ON t.id = g.tenant_id
   WHERE g.operator_id = p_operator AND g.revoked_at IS NULL AND g.expires_at > now()
   ORDER BY g.expires_at, g.id;
END $$;
ALTER FUNCTION warden_platform.support_grants_for(text) OWNER TO warden_platform;
REVOKE ALL ON FUNCTION warden_platform.support_grants_for(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION warden_platform.support_grants_for(text) TO warden_runtime;
