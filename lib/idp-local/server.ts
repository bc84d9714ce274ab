// The local OIDC identity provider for the demo and the tests (oidc-provider v9), listening
// on 127.0.0.1. Login is a real form: a wrong password stays here with an error. Consent is
// implied (first-party clients), and sessions last seconds so the next sign-in asks again,
// which lets one browser switch demo users. It issues refresh tokens (rotated at each use, bound
// to the grant rather than the 5-second IdP session) so Warden can refresh a console session and
// see a changed role or a disabled account (ADR 0034), and serves RP-initiated logout
// (end_session_endpoint) back to Warden's /signin.
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration } from "oidc-provider";
import { POST_LOGOUT_PATH } from "@/lib/auth/session-views";
import { accountClaims, changeAccountAtIdp, findLocalAccount, verifyLocalLogin } from "./accounts";
import { localIdpClients, localIdpIssuer } from "./clients";
import { loginPage } from "./login-page";

export interface LocalIdp {
  issuer: string;
  close(): Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw new Error("form too large");
  }
  return body;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

/**
 * Demo / test only: POST /demo-admin/accounts {email, tenant?, roles?, groups?, disabled?} changes
 * a person at the IdP, as an administrator of a real IdP would. Served only when
 * WARDEN_LOCAL_IDP_ADMIN_TOKEN (16+ characters) is set, and only with that bearer token; the IdP
 * listens on 127.0.0.1 only. Answers the changed account's claims, never a secret.
 */
async function demoAdmin(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  token: string | undefined,
): Promise<void> {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const given = Buffer.from((req.headers.authorization ?? "").replace(/^Bearer /, ""));
  const want = Buffer.from(token ?? "");
  if (!token || token.length < 16) return json(404, { error: "not_found" });
  if (given.length !== want.length || !timingSafeEqual(given, want)) return json(401, { error: "unauthorized" });
  if (req.method !== "POST") return json(405, { error: "method_not_allowed" });
  let input: { email?: unknown; tenant?: unknown; roles?: unknown; groups?: unknown; disabled?: unknown };
  try {
    input = JSON.parse(await readBody(req));
  } catch {
    return json(400, { error: "invalid_json" });
  }
  const strings = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
  if (typeof input.email !== "string") return json(400, { error: "email is required" });
  const account = changeAccountAtIdp(
    input.email,
    {
      ...(strings(input.roles) ? { roles: strings(input.roles) } : {}),
      ...(strings(input.groups) ? { groups: strings(input.groups) } : {}),
      ...(typeof input.disabled === "boolean" ? { disabled: input.disabled } : {}),
    },
    typeof input.tenant === "string" ? input.tenant : undefined,
  );
  if (!account) return json(404, { error: "no such account" });
  return json(200, { roles: account.roles, groups: account.groups, disabled: Boolean(account.disabled) });
}

export async function startLocalIdp(opts: { wardenOrigins: string[]; env?: NodeJS.ProcessEnv }): Promise<LocalIdp> {
  const env = opts.env ?? process.env;
  const issuer = localIdpIssuer(env);
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: "local-idp-1", use: "sig", alg: "RS256" };
  const clients = localIdpClients(env);
  const callbacks = opts.wardenOrigins.map((o) => `${o.replace(/\/$/, "")}/api/auth/callback/`);

  const config: Configuration = {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      client_name: `Warden (${c.tenant})`,
      redirect_uris: callbacks.map((cb) => `${cb}local`),
      post_logout_redirect_uris: opts.wardenOrigins.map((o) => `${o.replace(/\/$/, "")}${POST_LOGOUT_PATH}`),
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      tenant: c.tenant,
    })),
    extraClientMetadata: { properties: ["tenant"] },
    jwks: { keys: [jwk] },
    cookies: { keys: [env.AUTH_SECRET ?? "local-idp"] },
    conformIdTokenClaims: false,
    claims: {
      openid: ["sub", "groups", "roles", "tenant", "amr"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The IdP's own "sign out?" page; its form posts back to the IdP, which then sends the
        // browser to the client's registered post_logout_redirect_uri (Warden's /signin).
        logoutSource: async (ctx: { body: string }, form: string) => {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Demo IdP - Sign out</title>
<style>body{font-family:system-ui,sans-serif;background:#f1f5f9;color:#0f172a;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0;padding:16px;box-sizing:border-box}main{background:#fff;border:1px solid #cbd5e1;border-radius:12px;padding:28px;width:100%;max-width:340px;box-sizing:border-box}h1{font-size:20px;margin:0 0 8px}p{color:#475569;font-size:14px}button{margin-top:16px;width:100%;padding:10px;border:0;border-radius:6px;background:#4338ca;color:#fff;font-weight:600;font-size:15px;cursor:pointer}</style></head>
<body><main><h1>Demo identity provider</h1><p>Sign out of the demo identity provider too?</p>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></main></body></html>`;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = findLocalAccount(sub);
      return account ? { accountId: sub, claims: async () => accountClaims(account) } : undefined;
    },
    // First-party clients: consent is implied, so grant the requested OIDC scopes.
    loadExistingGrant: async (ctx) => {
      const { Grant } = ctx.oidc.provider;
      const existing = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return Grant.find(existing);
      const grant = new Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    // Refresh tokens: for every client allowed the grant (Warden asks no offline_access), bound to
    // the grant, not to the seconds-long IdP session, rotated at each use (a reused one revokes the
    // grant). They live as long as the longest console session a tenant may choose.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    expiresWithSession: async () => false,
    rotateRefreshToken: true,
    ttl: {
      Session: 5,
      Grant: 86_400,
      Interaction: 600,
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      RefreshToken: 86_400,
    },
    pkce: { required: () => true },
  };
  const provider = new Provider(issuer, config);
  // Warden's callback path ends with the IdP row id, which the IdP cannot know in advance.
  const allowed = (uri: string) =>
    callbacks.some((cb) => uri.startsWith(cb) && /^[A-Za-z0-9_-]+$/.test(uri.slice(cb.length)));
  Object.defineProperty(provider.Client.prototype, "redirectUriAllowed", { value: allowed });
  const oidc = provider.callback();

  const server = http.createServer(async (req, res) => {
    const path = req.url?.split("?")[0] ?? "";
    if (path === "/demo-admin/accounts") {
      return demoAdmin(req, res, env.WARDEN_LOCAL_IDP_ADMIN_TOKEN).catch(() => {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "bad_request" }));
      });
    }
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(path);
    if (!m) return oidc(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const client = await provider.Client.find(String(details.params.client_id));
      const clientName = client?.clientName ?? "Warden";
      const send = (status: number, html: string) => {
        res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        res.end(html);
      };
      if (req.method === "POST" && m[2]) {
        const form = await readForm(req);
        const email = form.get("email") ?? "";
        const account = verifyLocalLogin(
          email,
          form.get("password") ?? "",
          (client as unknown as { tenant?: string })?.tenant,
        );
        if (!account)
          return send(401, loginPage({ uid: details.uid, clientName, email, error: "Invalid email or password." }));
        const amr = account.mfa ? ["pwd", "otp"] : ["pwd"];
        return provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub, amr, remember: false } },
          { mergeWithLastSubmission: false },
        );
      }
      const hint = typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;
      return send(200, loginPage({ uid: details.uid, clientName, email: hint }));
    } catch (e) {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(`Sign-in could not continue: ${(e as Error).message}`);
    }
  });
  const port = Number(new URL(issuer).port);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { issuer, close: () => new Promise((r) => server.close(() => r())) };
}
