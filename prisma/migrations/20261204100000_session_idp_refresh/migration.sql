-- SSO token refresh and RP-initiated logout (ADR 0034). An OIDC session keeps the IdP's refresh
-- token and ID token sealed (lib/crypto/secret-box.ts) with its record; refreshed_at is the last
-- successful refresh (or the sign-in), refresh_attempt_at the claim of the refresh under way
-- (one per session at a time), refresh_failing_since the first failure to reach the IdP.
-- The tenant chooses how often a session goes back to its IdP.
ALTER TABLE "tenants" ADD COLUMN "session_refresh_minutes" INTEGER NOT NULL DEFAULT 5;
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_session_refresh_minutes_check" CHECK (session_refresh_minutes BETWEEN 1 AND 60);

ALTER TABLE "console_sessions" ADD COLUMN "idp_refresh_token_sealed" TEXT;
ALTER TABLE "console_sessions" ADD COLUMN "idp_id_token_sealed" TEXT;
ALTER TABLE "console_sessions" ADD COLUMN "refreshed_at" TIMESTAMPTZ(3);
ALTER TABLE "console_sessions" ADD COLUMN "refresh_attempt_at" TIMESTAMPTZ(3);
ALTER TABLE "console_sessions" ADD COLUMN "refresh_failing_since" TIMESTAMPTZ(3);

ALTER TABLE "console_sessions" DROP CONSTRAINT "console_sessions_end_check";
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_end_check" CHECK (
  (ended_at IS NULL AND end_reason IS NULL)
  OR (ended_at IS NOT NULL AND end_reason IN ('signed_out', 'ended_by_user', 'ended_by_admin', 'idle', 'expired', 'account_disabled', 'idp_refused', 'idp_unreachable'))
);
