// Spending through the gateway as a person needs gateway.use (admin and developer by default,
// not viewer; custom roles may grant it), on the lean gateway server and on the console's
// /v1/chat/completions route alike. Callers come as users do: a signed session cookie, a real
// API key, a JWKS-signed OIDC access token. A known user's token spends under that user's limits;
// a token for someone who is not a user of the tenant has nobody to charge and is refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as consoleGateway } from "@/app/v1/chat/completions/route";
import { POST as createRoleRoute } from "@/app/v1/roles/route";
import { mintApiKey } from "@/lib/auth/api-keys/mint";
import { resetJwksCache } from "@/lib/auth/oidc/jwks";
import { issueSessionCookie } from "@/lib/auth/sso/session-cookie";
import { TEST_SESSION_ORIGIN } from "../helpers/callers";
import { bearerClientThrottle, bearerSubjectThrottle } from "@/lib/auth/throttle";
import { settled } from "@/lib/gateway/core";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { chat, mintKey, openGatewayHarness, post, setLimits, type GatewayHarness } from "../helpers/gateway-setup";
import { signingKey, signToken, startJwksServer, type JwksServer, type SigningKey } from "../helpers/jwks-server";
import { TEST_DB_KIND } from "../helpers/test-db";

const SLUG = "gwperm";
const PORT = TEST_DB_KIND === "pglite" ? 3373 : 3374;
let h: GatewayHarness;
let jwks: JwksServer;
let key: SigningKey;
const people: Record<string, string> = {};

const errType = (r: { json: () => { error?: { type: string } } }) => r.json().error?.type;

async function addUser(email: string, role: string, customRoleId?: string): Promise<string> {
  const u = await withTenant(
    h.g.tenantId,
    (tx) => tx.user.create({ data: { tenantId: h.g.tenantId, email, name: email.split("@")[0], role, customRoleId } }),
    { db: h.t.db },
  );
  return u.id;
}
async function cookie(userId: string): Promise<Record<string, string>> {
  const c = await issueSessionCookie(userId, h.g.tenantId, false, TEST_SESSION_ORIGIN, { db: h.t.db });
  // A browser sends Sec-Fetch-Site with a same-origin write; cookie writes without it are refused (ADR 0016).
  return { cookie: `${c.name}=${c.value}`, "sec-fetch-site": "same-origin" };
}
const token = (subject: string, claims: Record<string, unknown>) =>
  signToken({ key, issuer: jwks.issuer("gw"), audience: "warden", subject, claims: { tenant: SLUG, ...claims } });
const usageOf = (requestId: string) =>
  withTenant(h.g.tenantId, (tx) => tx.usageRecord.findFirst({ where: { requestId } }), { db: h.t.db });

beforeAll(async () => {
  h = await openGatewayHarness(SLUG, { promptTokens: 9, completionTokens: 100 });
  const { tenantId } = h.g;
  people.developer = h.g.userId; // the harness's dev@gwperm.test, built-in developer
  people.viewer = await addUser("viewer@gwperm.test", "viewer");
  const spender = await withTenant(
    tenantId,
    (tx) =>
      tx.customRole.create({
        data: {
          tenantId,
          name: "Spender",
          description: "",
          permissions: ["dashboards.read", "gateway.use"],
          createdBy: "test",
        },
      }),
    { db: h.t.db },
  );
  const readOnly = await withTenant(
    tenantId,
    (tx) =>
      tx.customRole.create({
        data: {
          tenantId,
          name: "Read only",
          description: "",
          permissions: ["dashboards.read", "usage.read"],
          createdBy: "test",
        },
      }),
    { db: h.t.db },
  );
  people.viewerWithSpender = await addUser("analyst@gwperm.test", "viewer", spender.id);
  people.developerWithReadOnly = await addUser("lead@gwperm.test", "developer", readOnly.id);
  jwks = await startJwksServer(PORT);
  key = await signingKey("gw1", "RS256");
  jwks.keys.set("gw", [key]);
  process.env.WARDEN_OIDC_ISSUER = jwks.issuer("gw");
  process.env.WARDEN_OIDC_AUDIENCE = "warden";
  process.env.WARDEN_OIDC_JWKS_URI = `${jwks.issuer("gw")}/jwks`;
  resetJwksCache();
}, 300_000);

afterAll(async () => {
  delete process.env.WARDEN_OIDC_ISSUER;
  delete process.env.WARDEN_OIDC_AUDIENCE;
  delete process.env.WARDEN_OIDC_JWKS_URI;
  await jwks?.close();
  await h?.close();
});

beforeEach(() => {
  bearerClientThrottle.reset();
  bearerSubjectThrottle.reset();
});

describe(`gateway.use at the gateway (${TEST_DB_KIND})`, () => {
  it("a viewer's session cookie is refused with 403 user_not_authorized, on both gateway entry points", async () => {
    const headers = await cookie(people.viewer);
    const lean = await post(h.url, chat(), headers);
    expect([lean.status, errType(lean)]).toEqual([403, "user_not_authorized"]);
    const inConsole = await call(consoleGateway, "POST", "/v1/chat/completions", { headers, body: chat() });
    expect([inConsole.status, inConsole.body.error.type]).toEqual([403, "user_not_authorized"]);
    expect(h.up.requests).toHaveLength(0);
    // The refusal is recorded like every gateway rejection, against the person.
    await settled();
    const audit = await withTenant(
      h.g.tenantId,
      (tx) => tx.auditEntry.findFirst({ where: { action: "gateway.user_not_authorized", actorRef: people.viewer } }),
      { db: h.t.db },
    );
    expect(audit?.outcome).toBe("denied");
  });

  it("a viewer's API key is refused with 403 user_not_authorized", async () => {
    const k = await withTenant(
      h.g.tenantId,
      (tx) =>
        mintApiKey(tx, {
          tenantId: h.g.tenantId,
          role: "viewer",
          ttlSeconds: 600,
          name: "viewer key",
          createdBy: { kind: "user", subject: people.viewer },
          source: "api",
        }),
      { db: h.t.db },
    );
    const r = await post(h.url, chat(), { authorization: `Bearer ${k.secret}` });
    expect([r.status, errType(r)]).toEqual([403, "user_not_authorized"]);
  });

  it("a developer is admitted (cookie, and the developer's own API key) and charged as that person", async () => {
    const viaCookie = await post(h.url, chat(), await cookie(people.developer));
    expect(viaCookie.status).toBe(200);
    const viaConsole = await call(consoleGateway, "POST", "/v1/chat/completions", {
      headers: await cookie(people.developer),
      body: chat(),
    });
    expect(viaConsole.status).toBe(200);
    const k = await withTenant(
      h.g.tenantId,
      (tx) =>
        mintApiKey(tx, {
          tenantId: h.g.tenantId,
          role: "developer",
          ttlSeconds: 600,
          name: "dev key",
          createdBy: { kind: "user", subject: people.developer },
          source: "api",
        }),
      { db: h.t.db },
    );
    const viaKey = await post(h.url, chat(), { authorization: `Bearer ${k.secret}` });
    expect(viaKey.status).toBe(200);
    await settled();
    const rec = await usageOf(String(viaKey.headers["x-request-id"]));
    expect(rec).toMatchObject({ userId: people.developer, teamId: h.g.teamId, virtualKeyId: null });
  });

  it("a custom role decides: granting gateway.use admits a built-in viewer; a role without it refuses a built-in developer", async () => {
    const granted = await post(h.url, chat(), await cookie(people.viewerWithSpender));
    expect(granted.status).toBe(200);
    const replaced = await post(h.url, chat(), await cookie(people.developerWithReadOnly));
    expect([replaced.status, errType(replaced)]).toEqual([403, "user_not_authorized"]);
  });

  it("custom roles may grant gateway.use; the escalation guard treats it like any other permission", async () => {
    const { tenantId } = h.g;
    const admin = await addUser("admin@gwperm.test", "admin");
    const sameOrigin = { origin: "http://127.0.0.1", "sec-fetch-site": "same-origin" };
    const byAdmin = await call(createRoleRoute, "POST", "/v1/roles", {
      headers: { ...(await cookie(admin)), ...sameOrigin },
      body: { name: "Gateway user", permissions: ["gateway.use"] },
    });
    expect([byAdmin.status, byAdmin.body.permissions]).toEqual([201, ["gateway.use"]]);
    // A role manager without gateway.use cannot hand it out.
    const manager = await withTenant(
      tenantId,
      (tx) =>
        tx.customRole.create({
          data: {
            tenantId,
            name: "Role manager",
            description: "",
            permissions: ["roles.read", "roles.write"],
            createdBy: "test",
          },
        }),
      { db: h.t.db },
    );
    const mgr = await addUser("roles@gwperm.test", "admin", manager.id);
    const refused = await call(createRoleRoute, "POST", "/v1/roles", {
      headers: { ...(await cookie(mgr)), ...sameOrigin },
      body: { name: "Sneaky spender", permissions: ["gateway.use"] },
    });
    expect([refused.status, refused.body.error.type]).toEqual([403, "user_not_authorized"]);
    expect(refused.body.error.message).toContain("gateway.use");
  });

  it("virtual keys need no gateway.use", async () => {
    const vk = await mintKey(h.t.db, h.g);
    expect((await post(h.url, chat(), { "x-bf-vk": vk.secret })).status).toBe(200);
  });

  it("a known user's OIDC access token is admitted under that user's limits; a stranger's is refused", async () => {
    // Linked by the verified e-mail: the harness's developer.
    const dev = {
      authorization: `Bearer ${await token("idp|dev", { email: `dev@${SLUG}.test`, email_verified: true, roles: ["developer"] })}`,
    };
    const ok = await post(h.url, chat(), dev);
    expect(ok.status).toBe(200);
    await settled();
    expect(await usageOf(String(ok.headers["x-request-id"]))).toMatchObject({ userId: people.developer });

    // The user's own budget applies to the token: a zero budget refuses it (and only it).
    await setLimits(h.t.db, h.g, "user", people.developer, {
      budgets: [{ limit_usd: 0, window: "1d", mode: "calendar" }],
    });
    try {
      const broke = await post(h.url, chat(), dev);
      expect([broke.status, errType(broke)]).toEqual([402, "budget_exceeded"]);
      expect(broke.json().error).toMatchObject({ message: expect.stringContaining(`user ${people.developer}`) });
      expect((await post(h.url, chat(), await cookie(people.viewerWithSpender))).status).toBe(200);
    } finally {
      await setLimits(h.t.db, h.g, "user", people.developer, {});
    }

    // A viewer's token is refused like the viewer's cookie, whatever role the IdP claims.
    const viewer = await post(h.url, chat(), {
      authorization: `Bearer ${await token("idp|viewer", { email: "viewer@gwperm.test", email_verified: true, roles: ["admin"] })}`,
    });
    expect([viewer.status, errType(viewer)]).toEqual([403, "user_not_authorized"]);

    // Not a user of the tenant: the claim-mapped role still reads /v1, but nobody can be charged.
    const stranger = await post(h.url, chat(), {
      authorization: `Bearer ${await token("idp|x", { email: "contractor@elsewhere.test", email_verified: true, roles: ["developer"] })}`,
    });
    expect([stranger.status, errType(stranger)]).toEqual([403, "user_not_authorized"]);
  });
});
