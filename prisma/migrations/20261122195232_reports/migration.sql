-- CreateTable
CREATE TABLE "reports" (
    "id" TEXT NOT NULL DEFAULT ('rep_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "rows_done" INTEGER NOT NULL DEFAULT 0,
    "rows_estimated" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,
    "size_bytes" BIGINT,
    "sha256" TEXT,
    "chunks" INTEGER NOT NULL DEFAULT 0,
    "chain_seq" BIGINT,
    "chain_hash" TEXT,
    "error" TEXT,
    "created_by" TEXT NOT NULL,
    "created_by_kind" TEXT NOT NULL DEFAULT 'user',
    "created_by_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_chunks" (
    "tenant_id" TEXT NOT NULL,
    "report_id" TEXT NOT NULL,
    "idx" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "report_chunks_pkey" PRIMARY KEY ("report_id","idx")
);

-- CreateIndex
CREATE INDEX "reports_tenant_id_created_at_idx" ON "reports"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "reports_tenant_id_id_key" ON "reports"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "report_chunks_tenant_id_idx" ON "report_chunks"("tenant_id");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_chunks" ADD CONSTRAINT "report_chunks_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_chunks" ADD CONSTRAINT "report_chunks_tenant_id_report_id_fkey" FOREIGN KEY ("tenant_id", "report_id") REFERENCES "reports"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: reports
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "reports" TO warden_app;
ALTER TABLE "reports" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "reports" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "reports" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: report_chunks
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "report_chunks" TO warden_app;
ALTER TABLE "report_chunks" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "report_chunks" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "report_chunks" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
