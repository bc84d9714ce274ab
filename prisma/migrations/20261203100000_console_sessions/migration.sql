-- Server-side console sessions (ADR 0031): one row per signed-in browser, keyed by the session
-- cookie's sid; the per-tenant idle timeout and absolute lifetime live on the tenant.
ALTER TABLE "tenants" ADD COLUMN "session_idle_minutes" INTEGER NOT NULL DEFAULT 60;
ALTER TABLE "tenants" ADD COLUMN "session_max_minutes" INTEGER NOT NULL DEFAULT 480;
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_session_idle_minutes_check" CHECK (session_idle_minutes BETWEEN 5 AND 1440);
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_session_max_minutes_check" CHECK (session_max_minutes BETWEEN 15 AND 1440);

CREATE TABLE "console_sessions" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "provider_id" TEXT,
    "provider_name" TEXT,
    "mfa" BOOLEAN NOT NULL DEFAULT false,
    "ip" TEXT,
    "device" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT,
    "ended_by" TEXT,

    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "console_sessions_tenant_id_id_key" ON "console_sessions"("tenant_id", "id");
CREATE INDEX "console_sessions_tenant_id_user_id_created_at_idx" ON "console_sessions"("tenant_id", "user_id", "created_at");
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_method_check" CHECK (method IN ('oidc', 'saml'));
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_end_check" CHECK (
  (ended_at IS NULL AND end_reason IS NULL)
  OR (ended_at IS NOT NULL AND end_reason IN ('signed_out', 'ended_by_user', 'ended_by_admin', 'idle', 'expired', 'account_disabled'))
);

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "console_sessions" TO warden_app;
ALTER TABLE "console_sessions" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "console_sessions" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "console_sessions" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));
