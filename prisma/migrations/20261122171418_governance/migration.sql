-- CreateTable
CREATE TABLE "providers" (
    "id" TEXT NOT NULL DEFAULT ('prv_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key_sealed" TEXT,
    "region" TEXT NOT NULL DEFAULT 'us',
    "hipaa_covered" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "providers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_prices" (
    "id" TEXT NOT NULL DEFAULT ('mp_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "input_per_1m_usd" DECIMAL(14,6) NOT NULL,
    "output_per_1m_usd" DECIMAL(14,6) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "virtual_keys" (
    "id" TEXT NOT NULL DEFAULT ('vk_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "user_id" TEXT,
    "team_id" TEXT,
    "customer_id" TEXT,
    "allowed_providers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allowed_models" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "rotated_from_id" TEXT,
    "overlap_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "virtual_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "budgets" (
    "id" TEXT NOT NULL DEFAULT ('bud_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "owner_type" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "limit_usd" DECIMAL(20,10) NOT NULL,
    "window" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'calendar',
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "spent_usd" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "reserved_usd" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "budgets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "id" TEXT NOT NULL DEFAULT ('rl_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "owner_type" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "requests_per_window" INTEGER,
    "tokens_per_window" INTEGER,
    "window" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_counters" (
    "tenant_id" TEXT NOT NULL,
    "rate_limit_id" TEXT NOT NULL,
    "bucket_start" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("rate_limit_id","bucket_start")
);

-- CreateTable
CREATE TABLE "usage_records" (
    "id" TEXT NOT NULL DEFAULT ('usg_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "tenant_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "virtual_key_id" TEXT,
    "user_id" TEXT,
    "team_id" TEXT,
    "customer_id" TEXT,
    "provider" TEXT,
    "model" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(20,10) NOT NULL DEFAULT 0,
    "latency_ms" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "http_status" INTEGER NOT NULL,
    "stream" BOOLEAN NOT NULL DEFAULT false,
    "ts" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "providers_tenant_id_id_key" ON "providers"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "providers_tenant_id_name_key" ON "providers"("tenant_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "model_prices_tenant_id_id_key" ON "model_prices"("tenant_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "model_prices_tenant_id_provider_id_model_key" ON "model_prices"("tenant_id", "provider_id", "model");

-- CreateIndex
CREATE UNIQUE INDEX "virtual_keys_secret_hash_key" ON "virtual_keys"("secret_hash");

-- CreateIndex
CREATE INDEX "virtual_keys_tenant_id_user_id_idx" ON "virtual_keys"("tenant_id", "user_id");

-- CreateIndex
CREATE INDEX "virtual_keys_tenant_id_team_id_idx" ON "virtual_keys"("tenant_id", "team_id");

-- CreateIndex
CREATE INDEX "virtual_keys_tenant_id_customer_id_idx" ON "virtual_keys"("tenant_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "virtual_keys_tenant_id_id_key" ON "virtual_keys"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "budgets_tenant_id_owner_type_owner_id_idx" ON "budgets"("tenant_id", "owner_type", "owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "budgets_tenant_id_id_key" ON "budgets"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "rate_limits_tenant_id_owner_type_owner_id_idx" ON "rate_limits"("tenant_id", "owner_type", "owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "rate_limits_tenant_id_id_key" ON "rate_limits"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "rate_limit_counters_tenant_id_idx" ON "rate_limit_counters"("tenant_id");

-- CreateIndex
CREATE INDEX "usage_records_tenant_id_ts_idx" ON "usage_records"("tenant_id", "ts");

-- CreateIndex
CREATE INDEX "usage_records_tenant_id_virtual_key_id_ts_idx" ON "usage_records"("tenant_id", "virtual_key_id", "ts");

-- CreateIndex
CREATE UNIQUE INDEX "usage_records_tenant_id_id_key" ON "usage_records"("tenant_id", "id");

-- AddForeignKey
ALTER TABLE "providers" ADD CONSTRAINT "providers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_prices" ADD CONSTRAINT "model_prices_tenant_id_provider_id_fkey" FOREIGN KEY ("tenant_id", "provider_id") REFERENCES "providers"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_keys" ADD CONSTRAINT "virtual_keys_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_keys" ADD CONSTRAINT "virtual_keys_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_keys" ADD CONSTRAINT "virtual_keys_tenant_id_team_id_fkey" FOREIGN KEY ("tenant_id", "team_id") REFERENCES "teams"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "virtual_keys" ADD CONSTRAINT "virtual_keys_tenant_id_customer_id_fkey" FOREIGN KEY ("tenant_id", "customer_id") REFERENCES "customers"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limits" ADD CONSTRAINT "rate_limits_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_counters" ADD CONSTRAINT "rate_limit_counters_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_counters" ADD CONSTRAINT "rate_limit_counters_tenant_id_rate_limit_id_fkey" FOREIGN KEY ("tenant_id", "rate_limit_id") REFERENCES "rate_limits"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_records" ADD CONSTRAINT "usage_records_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Warden: providers
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "providers" TO warden_app;
ALTER TABLE "providers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "providers" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "providers" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: model_prices
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "model_prices" TO warden_app;
ALTER TABLE "model_prices" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "model_prices" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "model_prices" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: virtual_keys
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "virtual_keys" TO warden_app;
ALTER TABLE "virtual_keys" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "virtual_keys" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "virtual_keys" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: budgets
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "budgets" TO warden_app;
ALTER TABLE "budgets" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "budgets" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "budgets" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: rate_limits
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "rate_limits" TO warden_app;
ALTER TABLE "rate_limits" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "rate_limits" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "rate_limits" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: rate_limit_counters
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "rate_limit_counters" TO warden_app;
ALTER TABLE "rate_limit_counters" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "rate_limit_counters" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "rate_limit_counters" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: usage_records
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "usage_records" TO warden_app;
ALTER TABLE "usage_records" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "usage_records" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "usage_records" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- Warden: governance invariants the schema language cannot express
ALTER TABLE "virtual_keys" ADD CONSTRAINT virtual_keys_one_owner
  CHECK (num_nonnulls(user_id, team_id, customer_id) = 1);
ALTER TABLE "budgets" ADD CONSTRAINT budgets_owner_type CHECK (owner_type IN ('customer','team','user','virtual_key'));
ALTER TABLE "budgets" ADD CONSTRAINT budgets_window CHECK ("window" IN ('1m','1h','1d','1w','1M','1Y'));
ALTER TABLE "budgets" ADD CONSTRAINT budgets_mode CHECK (mode IN ('rolling','calendar'));
ALTER TABLE "budgets" ADD CONSTRAINT budgets_amounts CHECK (limit_usd >= 0 AND spent_usd >= 0 AND reserved_usd >= 0);
ALTER TABLE "rate_limits" ADD CONSTRAINT rate_limits_owner_type CHECK (owner_type IN ('customer','team','user','virtual_key'));
ALTER TABLE "rate_limits" ADD CONSTRAINT rate_limits_window CHECK ("window" IN ('1m','1h','1d','1w','1M','1Y'));
