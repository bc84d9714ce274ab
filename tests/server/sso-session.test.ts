// The session method re-reads the user on every request: role changes apply at once, and a
// deactivated user or a session older than "revoke sessions" is refused. The sign-in throttle
// (failures, not starts) holds in the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSessionCookie, newSessionClaims } from "@/lib/auth/sso/session-cookie";
import { TEST_SESSION_ORIGIN } from "../helpers/callers";
import { assertSignInAllowed, recordSignInFailure, throttleSignInStart } from "@/lib/auth/sso/throttle";
import { encode } from "next-auth/jwt";
import { loadSession } from "@/lib/auth/methods/session";
import { requestIds } from "@/lib/http/request-context";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let tenantId: string;
let bobId: string;

/** A cookie for uid in tid signed with the real secret; its session record is started in `recordIn` (uid's tenant). */
async function cookieFor(
  uid: string,
  tid: string,
  authAt = Math.floor(Date.now() / 1000),
  recordIn = tid,
): Promise<Headers> {
  const { sid } = await newSessionClaims(uid, recordIn, false, TEST_SESSION_ORIGIN, { db: t.db });
  const jwt = await encode({
    token: { sub: uid, uid, tenantId: tid, sid, authAt },
    secret: process.env.AUTH_SECRET!,
    salt: "authjs.session-token",
  });
  return new Headers({ cookie: `authjs.session-token=${jwt}` });
}
const load = async (h: Headers) => loadSession(h, requestIds(h), { db: t.db });
const setBob = (data: Record<string, unknown>) =>
  withTenant(tenantId, (tx) => tx.user.update({ where: { id: bobId }, data }), { db: t.db });

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  tenantId = await tenantIdBySlug(t.db, "acme");
  bobId = (
    await withTenant(
      tenantId,
      (tx) => tx.user.findFirstOrThrow({ where: { tenantId, email: "bob.martinez@acme.test" } }),
      { db: t.db },
    )
  ).id;
});

afterAll(async () => {
  await t?.drop();
});

describe(`session method (${TEST_DB_KIND})`, () => {
  it("no cookie -> null; a garbage cookie -> invalid", async () => {
    expect(await load(new Headers())).toBeNull();
    expect(await load(new Headers({ cookie: "authjs.session-token=not-a-jwt" }))).toEqual({ problem: "invalid" });
  });

  it("resolves the actor from the database, with the current role", async () => {
    const issued = await issueSessionCookie(bobId, tenantId, false, TEST_SESSION_ORIGIN, { db: t.db });
    const h = new Headers({ cookie: `${issued.name}=${issued.value}` });
    const r = await load(h);
    expect(r && "actor" in r && r.actor).toMatchObject({
      userId: bobId,
      tenantSlug: "acme",
      role: "developer",
      authMethod: "session",
      displayName: "Bob Martinez",
    });
    expect(r && "tenantName" in r && r.tenantName).toBe("Acme Corporation");
    await setBob({ role: "viewer" });
    const after = await load(h);
    expect(after && "actor" in after && after.actor.role).toBe("viewer");
    expect(after && "actor" in after && after.actor.permissions.has("virtual_keys.write")).toBe(false);
  });

  it("refuses a deactivated user at once", async () => {
    const h = await cookieFor(bobId, tenantId);
    await setBob({ active: false });
    expect(await load(h)).toEqual({ problem: "account_disabled" });
    await setBob({ active: true });
  });

  it("refuses sessions issued before sessions_revoked_at, accepts newer ones", async () => {
    const old = await cookieFor(bobId, tenantId, Math.floor(Date.now() / 1000) - 60);
    await setBob({ sessionsRevokedAt: new Date(Date.now() - 30_000) });
    expect(await load(old)).toEqual({ problem: "revoked" });
    const fresh = await load(await cookieFor(bobId, tenantId));
    expect(fresh && "actor" in fresh).toBe(true);
  });

  it("a token naming another tenant finds no user there (RLS)", async () => {
    const globex = await tenantIdBySlug(t.db, "globex");
    expect(await load(await cookieFor(bobId, globex, undefined, tenantId))).toEqual({ problem: "invalid" });
  });

  it("throttles failures per e-mail and client, and starts per client only, in the database", async () => {
    process.env.WARDEN_SIGNIN_MAX_PER_EMAIL = "3";
    process.env.WARDEN_SIGNIN_MAX_PER_IP = "5";
    try {
      // Starts never lock an e-mail: ten from ten clients, then the person from their own.
      for (let i = 0; i < 10; i++) await throttleSignInStart(`198.51.100.${100 + i}`, "target@acme.test", t.db);
      await expect(assertSignInAllowed("198.51.100.1", "target@acme.test", t.db)).resolves.toBeUndefined();
      // Failures do, for that e-mail from that client; the same e-mail elsewhere is untouched.
      for (let i = 0; i < 3; i++) await recordSignInFailure("198.51.100.1", "target@acme.test", t.db);
      await expect(assertSignInAllowed("198.51.100.1", "Target@acme.test", t.db)).rejects.toMatchObject({
        type: "rate_limited",
        status: 429,
      });
      await expect(throttleSignInStart("198.51.100.1", "target@acme.test", t.db)).rejects.toMatchObject({
        type: "rate_limited",
      });
      await expect(assertSignInAllowed("198.51.100.2", "target@acme.test", t.db)).resolves.toBeUndefined();
      // A client is limited in its starts, and in its failures across e-mails.
      for (let i = 0; i < 5; i++) await throttleSignInStart("198.51.100.9", undefined, t.db);
      await expect(throttleSignInStart("198.51.100.9", undefined, t.db)).rejects.toMatchObject({
        type: "rate_limited",
      });
      for (let i = 0; i < 5; i++) await recordSignInFailure("198.51.100.8", `u${i}@acme.test`, t.db);
      await expect(assertSignInAllowed("198.51.100.8", "fresh@acme.test", t.db)).rejects.toMatchObject({
        type: "rate_limited",
      });
      expect(await t.db.prisma.signInAttempt.count({ where: { key: { startsWith: "email:target@acme.test" } } })).toBe(
        3,
      );
    } finally {
      delete process.env.WARDEN_SIGNIN_MAX_PER_EMAIL;
      delete process.env.WARDEN_SIGNIN_MAX_PER_IP;
    }
  });
});
