// The local OIDC identity provider for the demo and the tests (oidc-provider v9), listening
// on 127.0.0.1. Login is a real form: a wrong password stays here with an error. Consent is
// implied (first-party clients), and sessions last seconds so the next sign-in asks again,
// which lets one browser switch demo users.
import http from "node:http";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type Configuration } from "oidc-provider";
import { accountClaims, findLocalAccount, verifyLocalLogin } from "./accounts";
import { localIdpClients, localIdpIssuer } from "./clients";
import { loginPage } from "./login-page";

export interface LocalIdp {
  issuer: string;
  close(): Promise<void>;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16_384) throw new Error("form too large");
  }
  return new URLSearchParams(body);
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
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      tenant: c.tenant,
    })),
    extraClientMetadata: { properties: ["tenant"] },
    jwks: { keys: [jwk] },
    cookies: { keys: [env.AUTH_SECRET ?? "local-idp"] },
    conformIdTokenClaims: false,
    claims: { openid: ["sub", "groups", "roles", "tenant", "amr"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
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
    ttl: { Session: 5, Grant: 600, Interaction: 600, AccessToken: 300, AuthorizationCode: 60, IdToken: 300 },
    pkce: { required: () => true },
  };
  const provider = new Provider(issuer, config);
  // Warden's callback path ends with the IdP row id, which the IdP cannot know in advance.
  const allowed = (uri: string) => callbacks.some((cb) => uri.startsWith(cb) && /^[A-Za-z0-9_-]+$/.test(uri.slice(cb.length)));
  Object.defineProperty(provider.Client.prototype, "redirectUriAllowed", { value: allowed });
  const oidc = provider.callback();

  const server = http.createServer(async (req, res) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(req.url?.split("?")[0] ?? "");
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
        const account = verifyLocalLogin(email, form.get("password") ?? "", (client as unknown as { tenant?: string })?.tenant);
        if (!account) return send(401, loginPage({ uid: details.uid, clientName, email, error: "Invalid email or password." }));
        const amr = account.mfa ? ["pwd", "otp"] : ["pwd"];
        return provider.interactionFinished(req, res, { login: { accountId: account.sub, amr, remember: false } }, { mergeWithLastSubmission: false });
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
