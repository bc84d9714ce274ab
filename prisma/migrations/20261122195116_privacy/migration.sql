-- CreateTable
CREATE TABLE "privacy_requests" (
    "id" TEXT NOT NULL DEFAULT ('dsr_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_user_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "note" TEXT,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "requested_by" TEXT NOT NULL,
    "approved_by" TEXT,
    "approved_at" TIMESTAMPTZ(3),
    "completed_by" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "rejected_reason" TEXT,
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "privacy_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_records" (
    "id" TEXT NOT NULL DEFAULT ('cns_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "retention_settings" (
    "tenant_id" TEXT NOT NULL,
    "data_class" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "retention_settings_pkey" PRIMARY KEY ("tenant_id","data_class")
);

-- CreateTable
CREATE TABLE "compliance_policies" (
    "id" TEXT NOT NULL DEFAULT ('pol_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "scope_type" TEXT NOT NULL,
    "scope_id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "detectors" JSONB NOT NULL DEFAULT '{}',
    "allowed_regions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hipaa_mode" BOOLEAN NOT NULL DEFAULT false,
    "store_bodies" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "compliance_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gateway_bodies" (
    "id" TEXT NOT NULL DEFAULT ('gb_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "user_id" TEXT,
    "virtual_key_id" TEXT,
    "model" TEXT NOT NULL,
    "prompt_sealed" TEXT NOT NULL,
    "response_sealed" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gateway_bodies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "erased_subjects" (
    "tenant_id" TEXT NOT NULL,
    "email_ref" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erased_subjects_pkey" PRIMARY KEY ("tenant_id","email_ref")
);

-- CreateIndex
CREATE INDEX "privacy_requests_tenant_id_status_due_at_idx" ON "privacy_requests"("tenant_id", "status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "privacy_requests_tenant_id_id_key" ON "privacy_requests"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "consent_records_tenant_id_user_id_purpose_at_idx" ON "consent_records"("tenant_id", "user_id", "purpose", "at");

-- CreateIndex
CREATE UNIQUE INDEX "consent_records_tenant_id_id_key" ON "consent_records"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_policies_tenant_id_id_key" ON "compliance_policies"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "compliance_policies_tenant_id_scope_type_scope_id_key" ON "compliance_policies"("tenant_id", "scope_type", "scope_id");

-- CreateIndex
CREATE INDEX "gateway_bodies_tenant_id_created_at_idx" ON "gateway_bodies"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "gateway_bodies_tenant_id_user_id_idx" ON "gateway_bodies"("tenant_id", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "gateway_bodies_tenant_id_id_key" ON "gateway_bodies"("tenant_id", "id");

-- AddForeignKey
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "privacy_requests" ADD CONSTRAINT "privacy_requests_tenant_id_subject_user_id_fkey" FOREIGN KEY ("tenant_id", "subject_user_id") REFERENCES "users"("tenant_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retention_settings" ADD CONSTRAINT "retention_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "compliance_policies" ADD CONSTRAINT "compliance_policies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gateway_bodies" ADD CONSTRAINT "gateway_bodies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "erased_subjects" ADD CONSTRAINT "erased_subjects_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: privacy_requests
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "privacy_requests" TO warden_app;
ALTER TABLE "privacy_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "privacy_requests" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "privacy_requests" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: consent_records
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "consent_records" TO warden_app;
ALTER TABLE "consent_records" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "consent_records" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "consent_records" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: retention_settings
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "retention_settings" TO warden_app;
ALTER TABLE "retention_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "retention_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "retention_settings" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: compliance_policies
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "compliance_policies" TO warden_app;
ALTER TABLE "compliance_policies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "compliance_policies" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "compliance_policies" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: gateway_bodies
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "gateway_bodies" TO warden_app;
ALTER TABLE "gateway_bodies" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "gateway_bodies" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "gateway_bodies" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: erased_subjects
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "erased_subjects" TO warden_app;
ALTER TABLE "erased_subjects" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "erased_subjects" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "erased_subjects" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: erasure blanks the raw IP of a person's audit entries. The raw IP is outside the
-- sealed fields (its keyed pseudonym ip_ref is sealed), so this column alone may be updated.
GRANT UPDATE ("ip") ON TABLE "audit_entries" TO warden_app;
