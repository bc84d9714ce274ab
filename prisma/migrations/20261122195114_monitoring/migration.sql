-- CreateTable
CREATE TABLE "monitoring_rules" (
    "id" TEXT NOT NULL DEFAULT ('mr_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitoring_settings" (
    "tenant_id" TEXT NOT NULL,
    "email_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "email_from" TEXT,
    "smtp_url_sealed" TEXT,
    "slack_channel" TEXT,
    "slack_webhook_url_sealed" TEXT,
    "webhook_url" TEXT,
    "webhook_secret_sealed" TEXT,
    "cursor_seq" BIGINT NOT NULL DEFAULT 0,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "monitoring_alerts" (
    "id" TEXT NOT NULL DEFAULT ('alr_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'open',
    "history" JSONB NOT NULL DEFAULT '[]',
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "monitoring_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_outbox" (
    "id" TEXT NOT NULL DEFAULT ('ntf_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "alert_id" TEXT,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "approval_requests" (
    "id" TEXT NOT NULL DEFAULT ('apr_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "rule_id" TEXT,
    "action" TEXT NOT NULL,
    "params_hash" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "measures" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_note" TEXT,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "approval_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_rules_tenant_id_id_key" ON "monitoring_rules"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_rules_tenant_id_name_key" ON "monitoring_rules"("tenant_id", "name");

-- CreateIndex
CREATE INDEX "monitoring_alerts_tenant_id_status_fired_at_idx" ON "monitoring_alerts"("tenant_id", "status", "fired_at");

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_alerts_tenant_id_id_key" ON "monitoring_alerts"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "monitoring_alerts_tenant_id_rule_id_dedupe_key_key" ON "monitoring_alerts"("tenant_id", "rule_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "notification_outbox_status_next_attempt_at_idx" ON "notification_outbox"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notification_outbox_tenant_id_created_at_idx" ON "notification_outbox"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_outbox_tenant_id_id_key" ON "notification_outbox"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "approval_requests_tenant_id_status_created_at_idx" ON "approval_requests"("tenant_id", "status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "approval_requests_tenant_id_id_key" ON "approval_requests"("tenant_id", "id");

-- AddForeignKey
ALTER TABLE "monitoring_rules" ADD CONSTRAINT "monitoring_rules_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_settings" ADD CONSTRAINT "monitoring_settings_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "monitoring_alerts" ADD CONSTRAINT "monitoring_alerts_tenant_id_rule_id_fkey" FOREIGN KEY ("tenant_id", "rule_id") REFERENCES "monitoring_rules"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_tenant_id_alert_id_fkey" FOREIGN KEY ("tenant_id", "alert_id") REFERENCES "monitoring_alerts"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: monitoring_rules
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "monitoring_rules" TO warden_app;
ALTER TABLE "monitoring_rules" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "monitoring_rules" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "monitoring_rules" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: monitoring_settings
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "monitoring_settings" TO warden_app;
ALTER TABLE "monitoring_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "monitoring_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "monitoring_settings" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: monitoring_alerts
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "monitoring_alerts" TO warden_app;
ALTER TABLE "monitoring_alerts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "monitoring_alerts" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "monitoring_alerts" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: notification_outbox
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "notification_outbox" TO warden_app;
ALTER TABLE "notification_outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "notification_outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "notification_outbox" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: approval_requests
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "approval_requests" TO warden_app;
ALTER TABLE "approval_requests" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "approval_requests" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "approval_requests" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
