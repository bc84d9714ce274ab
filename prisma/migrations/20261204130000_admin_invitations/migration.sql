-- First admins invited by e-mail (ADR 0038): one row per invitation a platform operator sent when
-- creating a tenant. Only the SHA-256 of the token is kept; it is accepted once, before expires_at.
CREATE TABLE "admin_invitations" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "admin_invitations_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "admin_invitations_tenant_id_id_key" ON "admin_invitations"("tenant_id", "id");
CREATE UNIQUE INDEX "admin_invitations_token_hash_key" ON "admin_invitations"("token_hash");
ALTER TABLE "admin_invitations" ADD CONSTRAINT "admin_invitations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "admin_invitations" TO warden_app;
ALTER TABLE "admin_invitations" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "admin_invitations" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "admin_invitations" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
