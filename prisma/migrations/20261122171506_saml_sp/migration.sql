-- CreateTable
CREATE TABLE "saml_replay" (
    "id" TEXT NOT NULL DEFAULT ('srp_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "assertion_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saml_replay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "saml_relay_states" (
    "id" TEXT NOT NULL DEFAULT ('srs_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "state_hash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "request_id" TEXT,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "consumed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "saml_relay_states_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "saml_replay_tenant_id_expires_at_idx" ON "saml_replay"("tenant_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "saml_replay_tenant_id_id_key" ON "saml_replay"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "saml_replay_tenant_id_assertion_id_key" ON "saml_replay"("tenant_id", "assertion_id");

-- CreateIndex
CREATE INDEX "saml_relay_states_tenant_id_expires_at_idx" ON "saml_relay_states"("tenant_id", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "saml_relay_states_tenant_id_id_key" ON "saml_relay_states"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "saml_relay_states_tenant_id_state_hash_key" ON "saml_relay_states"("tenant_id", "state_hash");

-- AddForeignKey
ALTER TABLE "saml_replay" ADD CONSTRAINT "saml_replay_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saml_relay_states" ADD CONSTRAINT "saml_relay_states_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: saml_replay
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "saml_replay" TO warden_app;
ALTER TABLE "saml_replay" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "saml_replay" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "saml_replay" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: saml_relay_states
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "saml_relay_states" TO warden_app;
ALTER TABLE "saml_relay_states" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "saml_relay_states" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "saml_relay_states" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
