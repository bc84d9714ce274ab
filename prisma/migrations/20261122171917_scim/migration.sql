-- AlterTable
ALTER TABLE "teams" ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "family_name" TEXT,
ADD COLUMN     "given_name" TEXT,
ADD COLUMN     "scim_external_id" TEXT,
ADD COLUMN     "scim_managed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- Deactivation revokes sessions at once. The identity work adds the same column in an earlier
-- migration; IF NOT EXISTS lets either branch land first.
ALTER TABLE "users" ADD COLUMN IF NOT EXISTS "sessions_revoked_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "scim_tokens" (
    "id" TEXT NOT NULL DEFAULT ('scim_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "scim_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scim_events" (
    "id" TEXT NOT NULL DEFAULT ('sev_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "resource_type" TEXT,
    "resource_id" TEXT,
    "status" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "token_id" TEXT,

    CONSTRAINT "scim_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scim_group_role_mappings" (
    "tenant_id" TEXT NOT NULL,
    "group_display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scim_group_role_mappings_pkey" PRIMARY KEY ("tenant_id","group_display_name")
);

-- CreateTable
CREATE TABLE "scim_settings" (
    "tenant_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "provider" TEXT NOT NULL DEFAULT 'okta',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scim_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "scim_tokens_token_hash_key" ON "scim_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "scim_tokens_tenant_id_created_at_idx" ON "scim_tokens"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "scim_tokens_tenant_id_id_key" ON "scim_tokens"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "scim_events_tenant_id_ts_idx" ON "scim_events"("tenant_id", "ts");

-- AddForeignKey
ALTER TABLE "scim_tokens" ADD CONSTRAINT "scim_tokens_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scim_events" ADD CONSTRAINT "scim_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scim_group_role_mappings" ADD CONSTRAINT "scim_group_role_mappings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scim_settings" ADD CONSTRAINT "scim_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: scim_tokens
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "scim_tokens" TO warden_app;
ALTER TABLE "scim_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "scim_tokens" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "scim_tokens" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: scim_events
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "scim_events" TO warden_app;
ALTER TABLE "scim_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "scim_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "scim_events" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: scim_group_role_mappings
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "scim_group_role_mappings" TO warden_app;
ALTER TABLE "scim_group_role_mappings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "scim_group_role_mappings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "scim_group_role_mappings" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: scim_settings
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "scim_settings" TO warden_app;
ALTER TABLE "scim_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "scim_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "scim_settings" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
