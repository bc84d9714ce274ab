// First admins invited by e-mail (ADR 0038), on this run's database: an operator (session minted by
// the platform sign-in the IdP callback calls, MFA claims) creates a tenant through the real
// /v1/platform route with invite_first_admin; the invitation arrives at a real SMTP server
// (smtp-server), its link accepts once; expired, reused and altered tokens are refused and
// audited; and the invited person signs in through the REAL local IdP and the Auth.js route
// and holds admin. Before accepting, the same sign-in gets only the IdP's role: the invitation is what admits.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as meRoute } from "@/app/v1/auth/me/route";
import { POST as createRoute } from "@/app/v1/platform/tenants/route";
import { issueOperatorSessionCookie } from "@/lib/auth/sso/session-cookie";
import { setDbForTests } from "@/lib/db";
import { DEMO_OPERATOR_EMAIL } from "@/lib/idp-local/accounts";
import { localIdpClients } from "@/lib/idp-local/clients";
import { startLocalIdp, type LocalIdp } from "@/lib/idp-local/server";
import { acceptInvitation } from "@/lib/platform/invitations";
import { completePlatformSignIn } from "@/lib/platform/operators";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { call } from "../helpers/call-route";
import { pointProcessDbAt } from "../helpers/callers";
import { allowOutbound } from "../helpers/outbound";
import { freePort, idpBrowser } from "../helpers/idp-browser";
import { startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

const WARDEN = "http://127.0.0.1:3393";
const { browserSignIn, browser } = idpBrowser(WARDEN);
/** The mail's text with quoted-printable soft breaks and escapes undone. */
const plain = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
const tokenOf = (mail: string) => decodeURIComponent(/\/invite\?token=([A-Za-z0-9._%-]+)/.exec(plain(mail))![1]);

let t: TestDatabase;
let localIdp: LocalIdp;
let smtp: SmtpSink;
let op: Record<string, string>;
const saved = { ...process.env };

beforeAll(async () => {
  process.env.WARDEN_LOCAL_IDP_PORT = String(await freePort());
  process.env.AUTH_URL = WARDEN;
  process.env.WARDEN_PLATFORM_OPERATORS = DEMO_OPERATOR_EMAIL;
  t = await createTestDatabase();
  setDbForTests(t.db);
  pointProcessDbAt(t.db);
  localIdp = await startLocalIdp({ wardenOrigins: [WARDEN] });
  allowOutbound(localIdp.issuer);
  smtp = await startSmtpSink();
  allowOutbound(smtp.url.replace("smtp:", "http:"));
  const signed = await completePlatformSignIn(
    { sub: "op", email: DEMO_OPERATOR_EMAIL, email_verified: true, amr: ["pwd", "otp"] },
    t.db,
  );
  expect(signed.ok).toBe(true);
  const cookie = await issueOperatorSessionCookie((signed as { operatorId: string }).operatorId, true);
  op = browser(`${cookie.name}=${cookie.value}`);
}, 300_000);

afterAll(async () => {
  await smtp?.close();
  await localIdp?.close();
  await t?.drop();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

const globexClient = () => localIdpClients().find((c) => c.tenant === "globex")!;
const create = (slug: string, domain: string, email: string, extra: Record<string, unknown> = {}) =>
  call(createRoute, "POST", "/v1/platform/tenants", {
    headers: op,
    body: {
      slug,
      name: slug.toUpperCase(),
      domains: [domain],
      first_admin_email: email,
      invite_first_admin: true,
      ...extra,
    },
  });

describe(`first admin invited by e-mail on ${TEST_DB_KIND}`, () => {
  it("refuses to invite without the platform's SMTP server, and creates no tenant when the mail cannot be sent", async () => {
    delete process.env.WARDEN_PLATFORM_SMTP_URL;
    const none = await create("nosmtp", "nosmtp.test", "a@nosmtp.test");
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain("WARDEN_PLATFORM_SMTP_URL");
    process.env.WARDEN_PLATFORM_SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
    allowOutbound(process.env.WARDEN_PLATFORM_SMTP_URL.replace("smtp:", "http:"));
    const down = await create("smtpdown", "smtpdown.test", "a@smtpdown.test");
    expect(down.status).toBe(502);
    expect(down.body.error.message).toContain("the tenant was not created");
    expect((await create("smtpdown", "smtpdown.test", "a@smtpdown.test", { invite_first_admin: false })).status).toBe(
      201,
    );
  });

  it("the invitation arrives by SMTP, its link works once, and the invited person signs in through the local IdP as admin", async () => {
    process.env.WARDEN_PLATFORM_SMTP_URL = smtp.url;
    const client = globexClient();
    const created = await create("globex", "globex.test", "nina.park@globex.test", {
      identity_provider: { issuer: localIdp.issuer, client_id: client.clientId, client_secret: client.clientSecret },
    });
    expect(created.status).toBe(201);
    const tenantId: string = created.body.id;
    const mail = smtp.mails.find((m) => m.to === "nina.park@globex.test");
    expect(mail).toBeDefined();
    expect(plain(mail!.body)).toContain("Subject: You are invited to administer GLOBEX in Warden");
    const token = tokenOf(mail!.body);
    expect(plain(mail!.body)).toContain(`${WARDEN}/invite?token=`);

    // Only the hash is stored; the tenant has no first admin until the invitation is accepted.
    const row = await withTenant(tenantId, (tx) => tx.adminInvitation.findFirstOrThrow({}), { db: t.db });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await withTenant(tenantId, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: tenantId } }), { db: t.db }))
        .firstAdminEmail,
    ).toBeNull();
    const provider = await withTenant(tenantId, (tx) => tx.identityProvider.findFirstOrThrow({}), { db: t.db });

    // Signing in before accepting: the IdP's own role claim decides (developer), not the invitation.
    const early = await browserSignIn(provider.id, "nina.park@globex.test");
    expect(early.cookie).toBeTruthy();
    expect((await call(meRoute, "GET", "/v1/auth/me", { headers: browser(early.cookie!) })).body.role).toBe(
      "developer",
    );

    // An altered token is refused before any row is read; the real one is accepted once.
    expect(await acceptInvitation(token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA"), { db: t.db })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await acceptInvitation("garbage", { db: t.db })).toEqual({ ok: false, reason: "invalid" });
    const accepted = await acceptInvitation(token, { db: t.db, ip: "203.0.113.9" });
    expect(accepted).toEqual({
      ok: true,
      tenantSlug: "globex",
      email: "nina.park@globex.test",
      signIn: { type: "oidc", providerId: provider.id },
    });
    expect(await acceptInvitation(token, { db: t.db })).toEqual({ ok: false, reason: "used" });

    // The first sign-in through the local IdP: admitted as admin.
    const signed = await browserSignIn(provider.id, "nina.park@globex.test");
    expect(signed.cookie).toBeTruthy();
    const me = await call(meRoute, "GET", "/v1/auth/me", { headers: browser(signed.cookie!) });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe("admin");

    const actions = await withTenant(
      tenantId,
      (tx) =>
        tx.auditEntry.findMany({ orderBy: { seq: "asc" }, select: { action: true, outcome: true, actorKind: true } }),
      { db: t.db },
    );
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        "tenant.create",
        "tenant.invitation_sent",
        "tenant.invitation_accepted",
        "tenant.invitation_refused",
      ]),
    );
    expect(actions.find((a) => a.action === "tenant.invitation_sent")!.actorKind).toBe("operator");
    expect(actions.find((a) => a.action === "tenant.invitation_refused")!.outcome).toBe("failure");
  }, 120_000);

  it("an expired invitation is refused; a tenant without an IdP is told so on acceptance", async () => {
    process.env.WARDEN_PLATFORM_SMTP_URL = smtp.url;
    const a = await create("initech", "initech.test", "peter@initech.test");
    expect(a.status).toBe(201);
    const token = tokenOf(smtp.mails.find((m) => m.to === "peter@initech.test")!.body);
    expect(await acceptInvitation(token, { db: t.db, now: new Date(Date.now() + 73 * 3600_000) })).toEqual({
      ok: false,
      reason: "expired",
    });
    const refused = await withTenant(
      a.body.id,
      (tx) => tx.auditEntry.findFirstOrThrow({ where: { action: "tenant.invitation_refused" } }),
      { db: t.db },
    );
    expect(refused.details).toMatchObject({ reason: "expired" });
    // Within its time, the same token works (no IdP yet: the page explains), then never again.
    expect(await acceptInvitation(token, { db: t.db })).toEqual({
      ok: true,
      tenantSlug: "initech",
      email: "peter@initech.test",
      signIn: { type: "none" },
    });
    expect(await acceptInvitation(token, { db: t.db })).toEqual({ ok: false, reason: "used" });
    expect(
      (await withTenant(a.body.id, (tx) => tx.tenant.findUniqueOrThrow({ where: { id: a.body.id } }), { db: t.db }))
        .firstAdminEmail,
    ).toBe("peter@initech.test");
  });
});
