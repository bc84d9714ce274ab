-- CreateTable
CREATE TABLE "user_identities" (
    "id" TEXT NOT NULL DEFAULT ('uid_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "linked_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_identities_tenant_id_user_id_idx" ON "user_identities"("tenant_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_identities_tenant_id_provider_id_subject_key" ON "user_identities"("tenant_id", "provider_id", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "user_identities_tenant_id_provider_id_user_id_key" ON "user_identities"("tenant_id", "provider_id", "user_id");

-- AddForeignKey
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: user_identities
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "user_identities" TO warden_app;
ALTER TABLE "user_identities" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "user_identities" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "user_identities" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
