// SSO token refresh (ADR 0034). An OIDC console session keeps its IdP's refresh token sealed with
// its record. When a request arrives and the tenant's refresh interval has passed since the last
// refresh, lib/auth/methods/session.ts calls refreshSessionAtIdp():
//   1. claim: ONE UPDATE … WHERE refresh is due … RETURNING, so concurrent requests refresh once;
//   2. outside any transaction: the IdP's token endpoint (from discovery) with
//      grant_type=refresh_token, through the outbound guard; the new ID token verified with jose
//      against the issuer's JWKS (lib/auth/oidc/jwks.ts), its sub the person's linked subject;
//   3. apply, in the tenant's transaction: the SAME role mapping and group -> team sync as the
//      sign-in (applyIdpClaims in lib/auth/sso/sign-in.ts), a change audited as auth.idp_sync, the
//      rotated tokens sealed again. The IdP refusing (invalid_grant: account disabled, token
//      revoked) ends the session (idp_refused). An unreachable IdP keeps the session for one more
//      interval from the first failure, retried every 30 s, then ends it (idp_unreachable).
import "server-only";
import { jwtVerify } from "jose";
import { appendAudit } from "@/lib/audit/append";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import type { Database } from "@/lib/db/runtime";
import { outboundFetch } from "@/lib/net/outbound";
import { log } from "@/lib/observability/log";
import { discover } from "@/lib/auth/oidc/discovery";
import { jwksFor } from "@/lib/auth/oidc/jwks";
import { ASYMMETRIC_ALGS, clockTolerance } from "@/lib/auth/oidc/verify";
import { applyIdpClaims, BOOTSTRAP_SETTINGS, type IdpClaimSettings } from "@/lib/auth/sso/sign-in";
import { withTenant, type TenantTx } from "@/lib/tenancy/with-tenant";
import { endDeadSession, SYSTEM } from "./records";

export interface IdpClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
  settings: IdpClaimSettings;
}

/**
 * The OIDC client a session signed in through: its identity_providers row (enabled, of an OIDC
 * type), or the environment's bootstrap Okta / Entra. Null when it is gone, disabled or SAML.
 * Loads the tenant's key first (ADR 0035): the client secret, and the session's IdP tokens the
 * caller opens next, are sealed under it, and this may be the process's first use of it.
 */
export async function idpClientFor(tx: TenantTx, providerId: string | null): Promise<IdpClient | null> {
  if (!providerId) return null;
  const env = process.env;
  const bootstrap: Record<string, [string | undefined, string | undefined, string | undefined]> = {
    okta: [env.AUTH_OKTA_ISSUER, env.AUTH_OKTA_ID, env.AUTH_OKTA_SECRET],
    "microsoft-entra-id": [
      env.AUTH_MICROSOFT_ENTRA_ID_ISSUER,
      env.AUTH_MICROSOFT_ENTRA_ID_ID,
      env.AUTH_MICROSOFT_ENTRA_ID_SECRET,
    ],
  };
  if (providerId in bootstrap) {
    const [issuer, clientId, clientSecret] = bootstrap[providerId];
    return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret, settings: BOOTSTRAP_SETTINGS } : null;
  }
  await tenantKeyFor(tx);
  const row = await tx.identityProvider.findUnique({ where: { id: providerId } });
  if (!row?.enabled || row.type === "saml" || !row.issuer || !row.clientId || !row.clientSecretSealed) return null;
  try {
    return {
      issuer: row.issuer,
      clientId: row.clientId,
      clientSecret: openSecret(row.clientSecretSealed),
      settings: row,
    };
  } catch {
    return null;
  }
}

type IdpAnswer =
  | { kind: "ok"; claims: Record<string, unknown> | null; refreshToken: string | null; idToken: string | null }
  | { kind: "refused"; error: string }
  | { kind: "unreachable"; error: string };

const formValue = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");

/** The refresh grant at the IdP, and the verified claims of the ID token it answers. */
async function askIdp(client: IdpClient, refreshToken: string, subject: string | null): Promise<IdpAnswer> {
  let tokenEndpoint: string | undefined;
  try {
    tokenEndpoint = (await discover(client.issuer)).token_endpoint;
  } catch (e) {
    return { kind: "unreachable", error: `discovery: ${(e as Error).message}` };
  }
  if (!tokenEndpoint) return { kind: "refused", error: "no_token_endpoint" };
  let res: Response;
  try {
    res = await outboundFetch(tokenEndpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        // RFC 6749 2.3.1: client_secret_basic, each part form-encoded first.
        authorization: `Basic ${Buffer.from(`${formValue(client.clientId)}:${formValue(client.clientSecret)}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    return { kind: "unreachable", error: (e as Error).name === "TimeoutError" ? "timeout" : "connection failed" };
  }
  if (res.status >= 500) return { kind: "unreachable", error: `token endpoint answered ${res.status}` };
  const body = (await res.json().catch(() => null)) as {
    error?: unknown;
    refresh_token?: unknown;
    id_token?: unknown;
  } | null;
  if (!res.ok || !body)
    return { kind: "refused", error: typeof body?.error === "string" ? body.error.slice(0, 64) : `http_${res.status}` };
  const idToken = typeof body.id_token === "string" ? body.id_token : null;
  const newRefresh = typeof body.refresh_token === "string" ? body.refresh_token : null;
  if (!idToken) return { kind: "ok", claims: null, refreshToken: newRefresh, idToken: null };
  try {
    const { payload } = await jwtVerify(idToken, await jwksFor({ issuer: client.issuer }), {
      issuer: client.issuer,
      audience: client.clientId,
      algorithms: ASYMMETRIC_ALGS,
      clockTolerance: clockTolerance(),
      requiredClaims: ["sub", "exp", "iat"],
    });
    // The refreshed token must speak of the person this session belongs to.
    if (subject && payload.sub !== subject) return { kind: "refused", error: "subject_mismatch" };
    return { kind: "ok", claims: payload as Record<string, unknown>, refreshToken: newRefresh, idToken };
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (code === "ERR_JWKS_TIMEOUT" || /fetch|connect|discovery/i.test((e as Error).message))
      return { kind: "unreachable", error: "jwks unreachable" };
    return { kind: "refused", error: "id_token_invalid" };
  }
}

export type RefreshResult =
  { ended: "idp_refused" | "idp_unreachable" | "account_disabled" } | { ended: null; refreshed: boolean };

/**
 * Refreshes the session at its IdP when it is due and no other request is doing it. Answers
 * whether the session ended (the caller answers 401), or whether this call refreshed it.
 */
export async function refreshSessionAtIdp(
  tenantId: string,
  sid: string,
  userId: string,
  requestId: string | undefined,
  opts: { db?: Database } = {},
): Promise<RefreshResult> {
  // 1. Claim (one statement: a concurrent request finds it claimed and goes on as it was).
  const claimed = await withTenant(
    tenantId,
    async (tx) => {
      const rows = await tx.$queryRaw<{ token: string; provider_id: string | null }[]>`
        UPDATE console_sessions c SET refresh_attempt_at = now()
        FROM tenants t
        WHERE t.id = c.tenant_id AND c.id = ${sid} AND c.user_id = ${userId} AND c.ended_at IS NULL
          AND c.idp_refresh_token_sealed IS NOT NULL
          AND (c.refreshed_at IS NULL OR c.refreshed_at <= now() - make_interval(mins => t.session_refresh_minutes))
          AND (c.refresh_attempt_at IS NULL OR c.refresh_attempt_at < now() - interval '30 seconds') -- REFRESH_CLAIM_SECONDS
        RETURNING c.idp_refresh_token_sealed AS token, c.provider_id`;
      const row = rows[0];
      if (!row) return null;
      const client = await idpClientFor(tx, row.provider_id);
      if (!client) {
        // The IdP was removed or disabled: nobody can sign in through it, nor stay signed in.
        await endDeadSession(tx, sid, "idp_refused", requestId, { idp_error: "provider_unavailable" });
        return "ended" as const;
      }
      const link = await tx.userIdentity.findFirst({
        where: { providerId: row.provider_id!, userId },
        select: { subject: true },
      });
      return { token: openSecret(row.token), client, providerId: row.provider_id!, subject: link?.subject ?? null };
    },
    { db: opts.db },
  );
  if (claimed === null) return { ended: null, refreshed: false };
  if (claimed === "ended") return { ended: "idp_refused" };

  // 2. The IdP, outside any transaction.
  const answer = await askIdp(claimed.client, claimed.token, claimed.subject);

  // 3. Apply.
  return withTenant(
    tenantId,
    async (tx): Promise<RefreshResult> => {
      if (answer.kind === "refused") {
        await endDeadSession(tx, sid, "idp_refused", requestId, {
          idp_error: answer.error,
          provider_id: claimed.providerId,
        });
        return { ended: "idp_refused" };
      }
      if (answer.kind === "unreachable") {
        const rows = await tx.$queryRaw<{ give_up: boolean }[]>`
          UPDATE console_sessions c SET refresh_failing_since = coalesce(c.refresh_failing_since, now())
          FROM tenants t
          WHERE t.id = c.tenant_id AND c.id = ${sid} AND c.ended_at IS NULL
          RETURNING c.refresh_failing_since <= now() - make_interval(mins => t.session_refresh_minutes) AS give_up`;
        log.warn(
          { component: "idp-refresh", identity_provider: claimed.providerId, reason: answer.error },
          "session refresh: the identity provider could not be reached",
        );
        if (rows[0]?.give_up) {
          await endDeadSession(tx, sid, "idp_unreachable", requestId, {
            idp_error: answer.error,
            provider_id: claimed.providerId,
          });
          return { ended: "idp_unreachable" };
        }
        return { ended: null, refreshed: false };
      }
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { id: true, role: true, name: true, active: true },
      });
      if (!user || !user.active) {
        await endDeadSession(tx, sid, "account_disabled", requestId);
        return { ended: "account_disabled" };
      }
      if (answer.claims) {
        const applied = await applyIdpClaims(tx, {
          tenantId,
          settings: claimed.client.settings,
          claims: answer.claims,
          user,
        });
        if (!applied.ok) {
          await endDeadSession(tx, sid, "idp_refused", requestId, {
            idp_error: "no_role",
            provider_id: claimed.providerId,
          });
          return { ended: "idp_refused" };
        }
        const { teams } = applied;
        if (applied.role !== user.role || teams.added.length || teams.removed.length || teams.created.length) {
          await appendAudit(tx, {
            action: "auth.idp_sync",
            outcome: "success",
            actor: SYSTEM,
            target: { type: "user", id: userId },
            details: {
              sid,
              provider_id: claimed.providerId,
              trigger: "session_refresh",
              role: applied.role,
              previous_role: user.role,
              teams_added: teams.added,
              teams_removed: teams.removed,
              teams_created: teams.created,
            },
            requestId,
          });
        }
      }
      const tk = answer.refreshToken || answer.idToken ? await tenantKeyFor(tx) : null;
      await tx.consoleSession.updateMany({
        where: { id: sid, endedAt: null },
        data: {
          refreshedAt: new Date(),
          refreshAttemptAt: null,
          refreshFailingSince: null,
          ...(answer.refreshToken ? { idpRefreshTokenSealed: sealSecret(answer.refreshToken, tk) } : {}),
          ...(answer.idToken ? { idpIdTokenSealed: sealSecret(answer.idToken, tk) } : {}),
        },
      });
      return { ended: null, refreshed: true };
    },
    { db: opts.db },
  );
}
