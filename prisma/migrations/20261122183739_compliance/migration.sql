-- CreateTable
CREATE TABLE "compliance_framework_settings" (
    "tenant_id" TEXT NOT NULL,
    "framework" TEXT NOT NULL,
    "applicable" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compliance_framework_settings_pkey" PRIMARY KEY ("tenant_id","framework")
);

-- AddForeignKey
ALTER TABLE "compliance_framework_settings" ADD CONSTRAINT "compliance_framework_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: compliance_framework_settings
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "compliance_framework_settings" TO warden_app;
ALTER TABLE "compliance_framework_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "compliance_framework_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "compliance_framework_settings" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
