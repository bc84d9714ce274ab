-- CreateTable
CREATE TABLE "audit_streams" (
    "id" TEXT NOT NULL DEFAULT ('ast_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "secret_sealed" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "cursor_seq" BIGINT NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_success_at" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_token" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_streams_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_streams_tenant_id_enabled_next_attempt_at_idx" ON "audit_streams"("tenant_id", "enabled", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "audit_streams_tenant_id_id_key" ON "audit_streams"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_streams_tenant_id_name_key" ON "audit_streams"("tenant_id", "name");

-- AddForeignKey
ALTER TABLE "audit_streams" ADD CONSTRAINT "audit_streams_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: audit_streams
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_streams" TO warden_app;
ALTER TABLE "audit_streams" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_streams" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_streams" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: ADR 0030
ALTER TABLE "audit_streams" ADD CONSTRAINT "audit_streams_kind_check" CHECK (kind IN ('splunk_hec', 'webhook', 'syslog_tls'));
ALTER TABLE "audit_streams" ADD CONSTRAINT "audit_streams_cursor_check" CHECK (cursor_seq >= 0);
