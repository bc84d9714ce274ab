-- Scheduled reports (ADR 0029): "every Monday at 06:00 UTC, the last 7 days' access report as PDF
-- to compliance@". The report.schedules job turns a due row into a report (claimed by moving
-- next_run_at, so each run happens once across processes) and delivers it through the
-- notification channels when it completes.
CREATE TABLE "report_schedules" (
    "id" TEXT NOT NULL DEFAULT ('rsc_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "window_days" INTEGER NOT NULL,
    "cadence" TEXT NOT NULL,
    "weekday" INTEGER,
    "day_of_month" INTEGER,
    "hour" INTEGER NOT NULL DEFAULT 6,
    "channels" TEXT[] NOT NULL DEFAULT ARRAY['email']::TEXT[],
    "email_to" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" TIMESTAMPTZ(3) NOT NULL,
    "last_run_at" TIMESTAMPTZ(3),
    "last_report_id" TEXT,
    "created_by" TEXT NOT NULL,
    "created_by_kind" TEXT NOT NULL DEFAULT 'user',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_schedules_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "report_schedules_tenant_id_id_key" ON "report_schedules"("tenant_id", "id");
CREATE INDEX "report_schedules_tenant_id_next_run_at_idx" ON "report_schedules"("tenant_id", "next_run_at");
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A report made by a schedule names it (delivery on completion).
ALTER TABLE "reports" ADD COLUMN "schedule_id" TEXT;

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "report_schedules" TO warden_app;
ALTER TABLE "report_schedules" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "report_schedules" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "report_schedules" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
