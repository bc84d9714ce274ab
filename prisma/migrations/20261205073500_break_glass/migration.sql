-- Break-glass sign-in (ADR 0039): off by default per tenant; while on, each admin may hold one
-- one-time code. Only the code's SHA-256 is kept; a sign-in consumes two codes of two admins.
ALTER TABLE "tenants" ADD COLUMN "break_glass_enabled" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "break_glass_codes" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "break_glass_codes_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "break_glass_codes_tenant_id_id_key" ON "break_glass_codes"("tenant_id", "id");
CREATE UNIQUE INDEX "break_glass_codes_code_hash_key" ON "break_glass_codes"("code_hash");
CREATE INDEX "break_glass_codes_tenant_id_user_id_idx" ON "break_glass_codes"("tenant_id", "user_id");
ALTER TABLE "break_glass_codes" ADD CONSTRAINT "break_glass_codes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "break_glass_codes" ADD CONSTRAINT "break_glass_codes_tenant_id_user_id_fkey" FOREIGN KEY ("tenant_id", "user_id") REFERENCES "users"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "break_glass_codes" TO warden_app;
ALTER TABLE "break_glass_codes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "break_glass_codes" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "break_glass_codes" USING (tenant_id = current_setting('app.tenant_id', true)) WITH CHECK (tenant_id = current_setting('app.tenant_id', true));

-- A break-glass session is a console session of its own method.
ALTER TABLE "console_sessions" DROP CONSTRAINT "console_sessions_method_check";
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_method_check" CHECK (method IN ('oidc', 'saml', 'break_glass'));
