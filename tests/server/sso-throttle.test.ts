// The sign-in throttle through the real entry points: the sign-in page's start action
// (app/signin/actions.ts) and the Auth.js sign-in callback that runs after the IdP has vouched
// for someone (lib/auth/sso/config.ts). Starts by strangers never lock a person out; failures do.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Account, Profile, User } from "next-auth";
import { continueWithSso } from "@/app/signin/actions";
import { buildAuthConfig } from "@/lib/auth/sso/config";
import { localSubject } from "@/lib/idp-local/accounts";
import { stampPeer } from "@/lib/http/client-ip";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { pointProcessDbAt, runAction } from "../helpers/callers";
import { allowOutbound } from "../helpers/outbound";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acmeIdp: string;

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  const acme = await tenantIdBySlug(t.db, "acme");
  const idp = await withTenant(acme, (tx) => tx.identityProvider.findFirstOrThrow(), { db: t.db });
  acmeIdp = idp.id;
  // The seeded IdP is the demo's local one (plain http on loopback): the outbound guard lets
  // exactly its host:port through, as the demo does, or the provider is never offered.
  allowOutbound(idp.issuer!);
});

afterAll(async () => {
  setDbForTests(undefined);
  await t?.drop();
});

/** What the sign-in page's action answered: the redirect Next would send, or its result. */
async function start(email: string): Promise<string> {
  try {
    const r = await runAction(continueWithSso, null, { email });
    return r.ok ? "ok" : `error:${r.error.type}`;
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2];
    throw e;
  }
}

/** The Auth.js signIn callback for a verified ID token from the acme local IdP, from a client address. */
async function callback(ip: string, email: string, roles: string[]): Promise<unknown> {
  // The peer address as the server stamps it from the socket.
  const config = await buildAuthConfig(stampPeer(new Headers({ "x-request-id": "req_throttle" }), ip));
  const profile = {
    sub: localSubject("acme", email),
    email,
    email_verified: true,
    name: email,
    roles,
    tenant: "acme",
  } as Profile;
  const account = { provider: acmeIdp, type: "oidc", providerAccountId: profile.sub! } as Account;
  return config.callbacks!.signIn!({ user: {} as User, account, profile });
}

describe(`sign-in throttle through the real entry points (${TEST_DB_KIND})`, () => {
  it("20 anonymous starts for alice's e-mail do not lock alice out of a genuine sign-in", async () => {
    // Each start reaches the hand-off to Auth.js, which needs a live Next request and stops there.
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const answers: string[] = [];
    try {
      for (let i = 0; i < 20; i++) answers.push(await start("alice.chen@acme.test"));
    } finally {
      quiet.mockRestore();
    }
    expect(answers.filter((a) => a.startsWith("/signin"))).toEqual([]);
    expect(await callback("203.0.113.7", "alice.chen@acme.test", ["admin"])).toBe(true);
  });

  it("failed sign-ins lock that e-mail from that client after the limit, not from elsewhere", async () => {
    process.env.WARDEN_SIGNIN_MAX_PER_EMAIL = "3";
    try {
      // Refused by Warden (no role maps): each is a failure for bob from this client.
      for (let i = 0; i < 3; i++)
        expect(await callback("203.0.113.20", "bob.martinez@acme.test", ["contractor"])).toBe(
          "/signin?error=AccessDenied",
        );
      expect(await callback("203.0.113.20", "bob.martinez@acme.test", ["developer"])).toBe(
        "/signin?error=rate_limited",
      );
      expect(await callback("203.0.113.21", "bob.martinez@acme.test", ["developer"])).toBe(true);
    } finally {
      delete process.env.WARDEN_SIGNIN_MAX_PER_EMAIL;
    }
  });

  it("starting is limited per client, and an unknown domain ends like a domain without a provider", async () => {
    expect(await start("nobody@unknown-domain.test")).toBe("/signin?error=sso_unavailable");
    expect(await start("someone@acme-subsidiary.test")).toBe("/signin?error=sso_unavailable");
    expect(await start("not-an-email")).toBe("/signin?error=invalid_email");
    // The test pipeline's client address is "unknown": allow three more starts from it.
    const soFar = await t.db.prisma.signInAttempt.count({ where: { key: "start:ip:unknown" } });
    process.env.WARDEN_SIGNIN_MAX_PER_IP = String(soFar + 3);
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await start(`x${i}@unknown-domain.test`));
      expect(answers).toEqual([
        "/signin?error=sso_unavailable",
        "/signin?error=sso_unavailable",
        "/signin?error=sso_unavailable",
        "/signin?error=rate_limited",
      ]);
    } finally {
      delete process.env.WARDEN_SIGNIN_MAX_PER_IP;
    }
  });
});
