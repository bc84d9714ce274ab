-- CreateTable
CREATE TABLE "audit_entries" (
    "id" TEXT NOT NULL DEFAULT ('ae_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "actor_ref" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "auth_method" TEXT,
    "action" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "outcome" TEXT NOT NULL,
    "ip_ref" TEXT,
    "ip" TEXT,
    "request_id" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_heads" (
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_heads_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" TEXT NOT NULL DEFAULT ('ack_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "signed_at" TIMESTAMPTZ(3) NOT NULL,
    "signature" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'checkpoint',

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_subjects" (
    "tenant_id" TEXT NOT NULL,
    "actor_ref" TEXT NOT NULL,
    "display_name" TEXT,
    "email" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_subjects_pkey" PRIMARY KEY ("tenant_id","actor_ref")
);

-- CreateTable
CREATE TABLE "audit_verifications" (
    "id" TEXT NOT NULL DEFAULT ('avf_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verified" BOOLEAN NOT NULL,
    "checked" INTEGER NOT NULL,
    "first_bad_seq" BIGINT,
    "reason" TEXT,
    "head_seq" BIGINT NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'scheduled',

    CONSTRAINT "audit_verifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_settings" (
    "tenant_id" TEXT NOT NULL,
    "retention_days" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_settings_pkey" PRIMARY KEY ("tenant_id")
);

-- CreateIndex
CREATE INDEX "audit_entries_tenant_id_ts_idx" ON "audit_entries"("tenant_id", "ts");

-- CreateIndex
CREATE INDEX "audit_entries_tenant_id_actor_ref_seq_idx" ON "audit_entries"("tenant_id", "actor_ref", "seq");

-- CreateIndex
CREATE INDEX "audit_entries_tenant_id_action_seq_idx" ON "audit_entries"("tenant_id", "action", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entries_tenant_id_seq_key" ON "audit_entries"("tenant_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entries_tenant_id_id_key" ON "audit_entries"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "audit_checkpoints_tenant_id_seq_idx" ON "audit_checkpoints"("tenant_id", "seq");

-- CreateIndex
CREATE INDEX "audit_verifications_tenant_id_checked_at_idx" ON "audit_verifications"("tenant_id", "checked_at");

-- Warden: audit_entries
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_entries" TO warden_app;
ALTER TABLE "audit_entries" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_entries" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_entries" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: audit_heads
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_heads" TO warden_app;
ALTER TABLE "audit_heads" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_heads" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_heads" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: audit_checkpoints
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_checkpoints" TO warden_app;
ALTER TABLE "audit_checkpoints" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_checkpoints" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_checkpoints" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: audit_subjects
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_subjects" TO warden_app;
ALTER TABLE "audit_subjects" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_subjects" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_subjects" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: audit_verifications
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_verifications" TO warden_app;
ALTER TABLE "audit_verifications" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_verifications" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_verifications" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: audit_settings
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "audit_settings" TO warden_app;
ALTER TABLE "audit_settings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "audit_settings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "audit_settings" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: the audit trail is append-only for the application role. Entries, checkpoints and
-- verification results may be inserted and read, never changed or removed; the chain head may
-- advance but not disappear. Retention pruning runs as the owner (lib/audit/retention.ts).
REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit_entries" FROM warden_app;
REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit_checkpoints" FROM warden_app;
REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit_verifications" FROM warden_app;
REVOKE DELETE, TRUNCATE ON TABLE "audit_heads" FROM warden_app;
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_seq_positive" CHECK (seq > 0);
