-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "require_mfa" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "sessions_revoked_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "identity_providers" (
    "id" TEXT NOT NULL DEFAULT ('idp_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "issuer" TEXT,
    "client_id" TEXT,
    "client_secret_sealed" TEXT,
    "role_claim" TEXT NOT NULL DEFAULT 'roles',
    "role_mapping" JSONB NOT NULL DEFAULT '{}',
    "group_claim" TEXT NOT NULL DEFAULT 'groups',
    "sync_groups" BOOLEAN NOT NULL DEFAULT true,
    "email_domains" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "saml_entity_id" TEXT,
    "saml_sso_url" TEXT,
    "saml_certificate" TEXT,
    "saml_require_response_signature" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "identity_providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_attempts" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "identity_providers_tenant_id_id_key" ON "identity_providers"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "identity_providers_tenant_id_name_key" ON "identity_providers"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "sign_in_attempts_key_at_idx" ON "sign_in_attempts"("key", "at");

-- AddForeignKey
ALTER TABLE "identity_providers" ADD CONSTRAINT "identity_providers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: identity_providers
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "identity_providers" TO warden_app;
ALTER TABLE "identity_providers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "identity_providers" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "identity_providers" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: sign_in_attempts
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "sign_in_attempts" TO warden_app;
