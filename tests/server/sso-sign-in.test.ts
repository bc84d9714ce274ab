// SSO sign-in mapping against a real migrated database: JIT provisioning, role and group sync,
// deactivated accounts, MFA policy and tenant claims, and account linking by (provider, subject),
// called with real ID-token claim objects (the local IdP's subjects, which the seed links).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeSsoSignIn, type SsoProviderRef } from "@/lib/auth/sso/sign-in";
import { localSubject } from "@/lib/idp-local/accounts";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase, tenantIdBySlug } from "../helpers/test-db";

let t: TestDatabase;
let acme: SsoProviderRef;
let globex: SsoProviderRef;

async function providerRef(slug: string): Promise<SsoProviderRef> {
  const tenant = { id: await tenantIdBySlug(t.db, slug) };
  const idp = await withTenant(
    tenant.id,
    (tx) => tx.identityProvider.findFirstOrThrow({ where: { tenantId: tenant.id } }),
    { db: t.db },
  );
  return { id: idp.id, tenantId: tenant.id, tenantSlug: slug };
}

// The local IdP's subject for the address's tenant, a verified e-mail, a password login.
const claims = (email: string, extra: Record<string, unknown> = {}) => ({
  sub: localSubject(email.endsWith("@globex.test") ? "globex" : "acme", email),
  email,
  email_verified: true,
  name: email.split("@")[0],
  amr: ["pwd"],
  ...extra,
});
const signIn = (provider: SsoProviderRef, c: Record<string, unknown>) =>
  completeSsoSignIn({ provider, claims: c, ip: "203.0.113.5" }, { db: t.db });
const user = (p: SsoProviderRef, email: string) =>
  withTenant(p.tenantId, (tx) => tx.user.findUnique({ where: { tenantId_email: { tenantId: p.tenantId, email } } }), {
    db: t.db,
  });
const teamsOf = (p: SsoProviderRef, userId: string) =>
  withTenant(
    p.tenantId,
    async (tx) =>
      (await tx.teamMembership.findMany({ where: { userId }, include: { team: true } }))
        .map((m) => `${m.team.name}:${m.source}`)
        .sort(),
    { db: t.db },
  );

beforeAll(async () => {
  t = await createTestDatabase({ seeded: true });
  acme = await providerRef("acme");
  globex = await providerRef("globex");
});

afterAll(async () => {
  await t?.drop();
});

describe(`SSO sign-in (${TEST_DB_KIND})`, () => {
  it("provisions a new person just in time with the mapped role and IdP teams", async () => {
    const r = await signIn(
      acme,
      claims("new.hire@acme.test", { name: "New Hire", roles: ["Developer"], groups: ["Data Science", "Red Team"] }),
    );
    expect(r).toMatchObject({ ok: true, created: true, role: "developer" });
    const u = await user(acme, "new.hire@acme.test");
    expect(u).toMatchObject({
      name: "New Hire",
      role: "developer",
      active: true,
      externalId: "acme:new.hire@acme.test",
    });
    expect(await teamsOf(acme, u!.id)).toEqual(["Data Science:idp", "Red Team:idp"]);
  });

  it("syncs the role at every login; several roles -> the highest", async () => {
    expect(await signIn(acme, claims("alice.chen@acme.test", { roles: ["viewer", "developer"] }))).toMatchObject({
      ok: true,
      created: false,
      role: "developer",
    });
    expect((await user(acme, "alice.chen@acme.test"))?.role).toBe("developer");
    expect(await signIn(acme, claims("alice.chen@acme.test", { roles: "Viewer ADMIN" }))).toMatchObject({
      ok: true,
      role: "admin",
    });
    expect((await user(acme, "alice.chen@acme.test"))?.role).toBe("admin");
  });

  it("takes the role from groups too, and honours the tenant's custom mapping", async () => {
    await withTenant(
      acme.tenantId,
      (tx) =>
        tx.identityProvider.update({ where: { id: acme.id }, data: { roleMapping: { "Warden-Admins": "admin" } } }),
      { db: t.db },
    );
    try {
      const r = await signIn(
        acme,
        claims("frank.osei@acme.test", { roles: [], groups: ["warden-admins", "Platform Engineering"] }),
      );
      expect(r).toMatchObject({ ok: true, role: "admin" });
    } finally {
      await withTenant(
        acme.tenantId,
        (tx) => tx.identityProvider.update({ where: { id: acme.id }, data: { roleMapping: {} } }),
        { db: t.db },
      );
    }
  });

  it("removes IdP memberships whose group is gone but keeps seeded ones", async () => {
    await signIn(acme, claims("new.hire@acme.test", { roles: ["developer"], groups: ["Data Science"] }));
    const u = await user(acme, "new.hire@acme.test");
    expect(await teamsOf(acme, u!.id)).toEqual(["Data Science:idp"]);
    const alice = await user(acme, "alice.chen@acme.test");
    await signIn(acme, claims("alice.chen@acme.test", { roles: ["admin"], groups: [] }));
    expect(await teamsOf(acme, alice!.id)).toEqual(["Platform Engineering:seed", "Security Operations:seed"]);
  });

  it("refuses a person without any mapped role", async () => {
    expect(await signIn(acme, claims("nobody@acme.test", { roles: ["contractor"], groups: ["Vendors"] }))).toEqual({
      ok: false,
      reason: "no_role",
    });
    expect(await user(acme, "nobody@acme.test")).toBeNull();
  });

  it("refuses a deactivated account and changes nothing", async () => {
    expect(await signIn(acme, claims("ivan.horvat@acme.test", { roles: ["admin"] }))).toEqual({
      ok: false,
      reason: "account_disabled",
    });
    expect(await user(acme, "ivan.horvat@acme.test")).toMatchObject({
      active: false,
      role: "developer",
      lastLoginAt: null,
    });
  });

  it("refuses a token whose tenant claim names another tenant", async () => {
    expect(await signIn(acme, claims("hank.scorpio@globex.test", { roles: ["admin"], tenant: "globex" }))).toEqual({
      ok: false,
      reason: "tenant_mismatch",
    });
    expect(await user(acme, "hank.scorpio@globex.test")).toBeNull();
  });

  it("refuses a password-only token where the tenant requires MFA, accepts a second factor", async () => {
    expect(
      await signIn(globex, claims("omar.haddad@globex.test", { roles: ["developer"], tenant: "globex", amr: ["pwd"] })),
    ).toEqual({ ok: false, reason: "mfa_required" });
    expect((await user(globex, "omar.haddad@globex.test"))?.lastLoginAt).toBeNull();
    expect(
      await signIn(
        globex,
        claims("omar.haddad@globex.test", { roles: ["developer"], tenant: "globex", amr: ["pwd", "otp"] }),
      ),
    ).toMatchObject({ ok: true, mfa: true });
    expect(
      await signIn(globex, claims("omar.haddad@globex.test", { roles: ["developer"], tenant: "globex", amr: "mfa" })),
    ).toMatchObject({ ok: true });
    // Acme does not require MFA: a password is enough there.
    expect(await signIn(acme, claims("bob.martinez@acme.test", { roles: ["developer"], amr: ["pwd"] }))).toMatchObject({
      ok: true,
      mfa: false,
    });
  });

  it("refuses a disabled provider", async () => {
    await withTenant(
      acme.tenantId,
      (tx) => tx.identityProvider.update({ where: { id: acme.id }, data: { enabled: false } }),
      { db: t.db },
    );
    try {
      expect(await signIn(acme, claims("bob.martinez@acme.test", { roles: ["developer"] }))).toEqual({
        ok: false,
        reason: "AccessDenied",
      });
    } finally {
      await withTenant(
        acme.tenantId,
        (tx) => tx.identityProvider.update({ where: { id: acme.id }, data: { enabled: true } }),
        { db: t.db },
      );
    }
  });
});

describe(`SSO account linking (${TEST_DB_KIND})`, () => {
  const links = (p: SsoProviderRef, userId: string) =>
    withTenant(
      p.tenantId,
      (tx) => tx.userIdentity.findMany({ where: { userId }, select: { providerId: true, subject: true } }),
      { db: t.db },
    );
  const refusals = (p: SsoProviderRef, reason: string) =>
    withTenant(
      p.tenantId,
      async (tx) => {
        const rows = await tx.auditEntry.findMany({
          where: { action: "auth.login_failed", outcome: "denied" },
          orderBy: { seq: "asc" },
        });
        return rows.filter((r) => (r.details as { reason?: string }).reason === reason);
      },
      { db: t.db },
    );

  it("the seed links demo people to their local-IdP subject", async () => {
    const alice = await user(acme, "alice.chen@acme.test");
    expect(await links(acme, alice!.id)).toEqual([{ providerId: acme.id, subject: "acme:alice.chen@acme.test" }]);
  });

  it("a second subject with the same verified e-mail does not take over the account", async () => {
    const alice = await user(acme, "alice.chen@acme.test");
    const r = await signIn(acme, claims("alice.chen@acme.test", { sub: "attacker-subject", roles: ["admin"] }));
    expect(r).toEqual({ ok: false, reason: "identity_conflict" });
    expect(await links(acme, alice!.id)).toEqual([{ providerId: acme.id, subject: "acme:alice.chen@acme.test" }]);
    expect((await user(acme, "alice.chen@acme.test"))?.externalId).toBe(alice!.externalId);
    const audited = await refusals(acme, "identity_conflict");
    expect(audited.at(-1)).toMatchObject({ actorRef: expect.any(String), targetId: acme.id });
    expect(audited.at(-1)!.details).toMatchObject({ linked_subject: "acme:alice.chen@acme.test" });
  });

  it("an existing link signs in even after the e-mail changed at the IdP; the account keeps its address", async () => {
    const alice = await user(acme, "alice.chen@acme.test");
    const r = await signIn(
      acme,
      claims("alice.chen@acme.test", { email: "alice.wong@acme.test", email_verified: false, roles: ["admin"] }),
    );
    expect(r).toMatchObject({ ok: true, userId: alice!.id, created: false });
    expect(await user(acme, "alice.wong@acme.test")).toBeNull();
    expect((await user(acme, "alice.chen@acme.test"))?.id).toBe(alice!.id);
  });

  it("refuses and audits a first sign-in whose e-mail is not verified by the IdP (no account is made or linked)", async () => {
    for (const verified of [false, undefined, "false"]) {
      const r = await signIn(
        acme,
        claims("dana.new@acme.test", { sub: "idp-dana", email_verified: verified, roles: ["developer"] }),
      );
      expect(r).toEqual({ ok: false, reason: "email_unverified" });
    }
    expect(await user(acme, "dana.new@acme.test")).toBeNull();
    expect((await refusals(acme, "email_unverified")).length).toBe(3);
  });

  it("refuses and audits an e-mail outside the provider's domains, even for an existing person", async () => {
    // Someone provisioned outside the IdP's domains (as SCIM might): the IdP is not trusted for that domain.
    const partner = await withTenant(
      acme.tenantId,
      (tx) =>
        tx.user.create({
          data: { tenantId: acme.tenantId, email: "pat@partner.test", name: "Pat", role: "viewer", scimManaged: true },
        }),
      { db: t.db },
    );
    expect(await signIn(acme, claims("pat@partner.test", { sub: "idp-pat", roles: ["admin"] }))).toEqual({
      ok: false,
      reason: "email_domain",
    });
    expect(await signIn(acme, claims("eve@elsewhere.test", { sub: "idp-eve", roles: ["admin"] }))).toEqual({
      ok: false,
      reason: "email_domain",
    });
    expect(await links(acme, partner.id)).toEqual([]);
    expect(await user(acme, "eve@elsewhere.test")).toBeNull();
    const audited = await refusals(acme, "email_domain");
    expect(audited.map((a) => (a.details as { email_domain: string }).email_domain)).toEqual([
      "partner.test",
      "elsewhere.test",
    ]);
    // The provider's own email_domains decide when it lists some.
    await withTenant(
      acme.tenantId,
      (tx) => tx.identityProvider.update({ where: { id: acme.id }, data: { emailDomains: ["partner.test"] } }),
      { db: t.db },
    );
    try {
      expect(await signIn(acme, claims("pat@partner.test", { sub: "idp-pat", roles: ["viewer"] }))).toMatchObject({
        ok: true,
        userId: partner.id,
      });
      expect(await signIn(acme, claims("erin.new@acme.test", { sub: "idp-erin", roles: ["viewer"] }))).toEqual({
        ok: false,
        reason: "email_domain",
      });
    } finally {
      await withTenant(
        acme.tenantId,
        (tx) => tx.identityProvider.update({ where: { id: acme.id }, data: { emailDomains: ["acme.test"] } }),
        { db: t.db },
      );
    }
  });

  it("a SCIM-provisioned person links on the first sign-in with a verified e-mail in the provider's domain", async () => {
    const scim = await withTenant(
      acme.tenantId,
      (tx) =>
        tx.user.create({
          data: {
            tenantId: acme.tenantId,
            email: "sam.scim@acme.test",
            name: "Sam",
            role: "viewer",
            scimManaged: true,
            scimExternalId: "00u-sam",
          },
        }),
      { db: t.db },
    );
    expect(
      await signIn(acme, claims("sam.scim@acme.test", { sub: "okta-00u-sam", roles: ["developer"] })),
    ).toMatchObject({ ok: true, userId: scim.id, created: false });
    expect(await links(acme, scim.id)).toEqual([{ providerId: acme.id, subject: "okta-00u-sam" }]);
    // From now on the link decides: the same subject with a changed, unverified address still works.
    expect(
      await signIn(
        acme,
        claims("sam.renamed@acme.test", { sub: "okta-00u-sam", email_verified: false, roles: ["developer"] }),
      ),
    ).toMatchObject({ ok: true, userId: scim.id });
  });
});
