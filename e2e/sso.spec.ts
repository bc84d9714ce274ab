// SSO end to end in Chromium through the real local OIDC IdP (lib/idp-local): e-mail routing,
// the IdP's login form, the callback, the console session, and every refusal the user can meet.
import { expect, test, type Page } from "@playwright/test";

const PASSWORD = "warden-demo";

async function startSignIn(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await page.getByRole("button", { name: "Continue to your identity provider" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await expect(page.getByRole("heading", { name: "Demo identity provider" })).toBeVisible();
}

async function submitIdpLogin(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await startSignIn(page, email);
  await submitIdpLogin(page, email, password);
}

const topBar = (page: Page) => page.locator("header");
// Next's route announcer is also role="alert": look for the page's own alert.
const signInAlert = (page: Page) => page.getByRole("main").getByRole("alert");

for (const [email, name, role] of [
  ["alice.chen@acme.test", "Alice Chen", "Admin"],
  ["bob.martinez@acme.test", "Bob Martinez", "Developer"],
  ["carol.johnson@acme.test", "Carol Johnson", "Viewer"],
] as const) {
  test(`Acme ${role.toLowerCase()} ${name} signs in and sees name and role`, async ({ page }) => {
    await signIn(page, email);
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
    await expect(topBar(page).getByText(name, { exact: true })).toBeVisible();
    await expect(topBar(page).getByText(role, { exact: true })).toBeVisible();
    await expect(topBar(page).getByText("Acme Corporation", { exact: true })).toBeVisible();
  });
}

test("a Globex user sees Globex and no Acme data", async ({ page }) => {
  const providers = (await (await page.request.get("/api/auth/providers")).json()) as Record<string, { id: string }>;
  await signIn(page, "hank.scorpio@globex.test");
  await expect(topBar(page).getByText("Globex Ltd", { exact: true })).toBeVisible();
  await expect(topBar(page).getByText("Acme Corporation")).toHaveCount(0);
  const own = await page.request.get("/v1/identity/providers");
  expect(own.status()).toBe(200);
  const ownIds = ((await own.json()) as { data: { id: string }[] }).data.map((p) => p.id);
  expect(ownIds).toHaveLength(1);
  const acmeId = Object.keys(providers).find((id) => !ownIds.includes(id));
  expect(acmeId).toBeTruthy();
  const other = await page.request.get(`/v1/identity/providers/${acmeId}`);
  expect(other.status()).toBe(404);
  await page.goto("/settings/identity");
  await expect(page.getByText("Demo IdP (local)")).toBeVisible();
  await expect(page.getByText("acme", { exact: false })).toHaveCount(0);
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "priya.nair@acme.test");
  await expect(topBar(page).getByText("Priya Nair", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  // An OIDC session also signs out at its IdP (RP-initiated logout, ADR 0034); the IdP's own session
  // is still live right after signing in, so the local IdP asks first.
  await expect(page.getByText("Sign out of the demo identity provider too?")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin\?signed_out=1/);
  await expect(page.getByText("You have signed out of Warden.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/v1/identity/providers")).status()).toBe(401);
});

test("a wrong password stays at the IdP with an error", async ({ page }) => {
  await startSignIn(page, "alice.chen@acme.test");
  await submitIdpLogin(page, "alice.chen@acme.test", "not-the-password");
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await expect(page.getByRole("alert")).toHaveText("Invalid email or password.");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("alice.chen@acme.test");
});

test("the deactivated Acme user is refused and told why", async ({ page }) => {
  await signIn(page, "ivan.horvat@acme.test");
  await expect(page).toHaveURL(/\/signin\?error=account_disabled/);
  await expect(signInAlert(page)).toContainText("Your account is disabled");
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("a password-only sign-in is refused where the tenant requires MFA", async ({ page }) => {
  await signIn(page, "omar.haddad@globex.test");
  await expect(page).toHaveURL(/\/signin\?error=mfa_required/);
  await expect(signInAlert(page)).toContainText("Multi-factor authentication required");
});

test("the sign-in page names no tenant, answers known and unknown domains alike, and fails generically", async ({
  page,
}) => {
  const secrets = ["Acme Corporation", "Globex", "acme", "globex"];
  const html = async (path: string) => {
    const res = await page.request.get(path);
    expect(res.status()).toBe(200);
    // The address the visitor typed is echoed back; everything else must be identical.
    return (await res.text()).replaceAll("%40", "@").replace(/[^"<>\\/=?&]*@[a-z0-9.-]+\.test/g, "EMAIL");
  };
  const first = await html("/signin");
  for (const s of secrets) expect(first.toLowerCase()).not.toContain(s.toLowerCase());
  // Step two is the same page for a domain Warden serves and one it does not.
  const known = await html("/signin?email=alice.chen%40acme.test");
  const unknown = await html("/signin?email=someone%40unknown.test");
  expect(known).toContain("Continue to your identity provider");
  expect(known).toBe(unknown);
  for (const s of secrets) expect(known.toLowerCase()).not.toContain(s.toLowerCase());

  await page.goto("/signin");
  await page.getByLabel("Work email").fill("someone@unknown.test");
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(page.getByText("someone@unknown.test")).toBeVisible();
  await page.getByRole("button", { name: "Continue to your identity provider" }).click();
  await expect(page).toHaveURL(/\/signin\?error=sso_unavailable/);
  await expect(signInAlert(page)).toContainText("Single sign-on could not start");
});

test("the identity API never returns secrets and needs identity permissions", async ({ page, browser }) => {
  await signIn(page, "rahul.mehta@acme.test");
  await expect(topBar(page).getByText("Rahul Mehta", { exact: true })).toBeVisible();
  // Cookie-authenticated writes must name Warden's origin, as a browser does (ADR 0016).
  const origin = { origin: new URL(page.url()).origin };
  const created = await page.request.post("/v1/identity/providers", {
    headers: origin,
    data: {
      type: "okta",
      name: "Acme Okta (e2e)",
      issuer: "https://acme-e2e.okta.com",
      client_id: "0oa-e2e",
      client_secret: "okta-secret-e2e",
    },
  });
  expect(created.status()).toBe(201);
  const body = await created.text();
  expect(body).not.toContain("okta-secret-e2e");
  expect(JSON.parse(body)).toMatchObject({ type: "okta", client_secret_set: true, enabled: true });
  const bad = await page.request.post("/v1/identity/providers", {
    headers: origin,
    data: { type: "oidc", name: "x", issuer: "ftp://nope" },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.type).toBe("invalid_request");
  const id = JSON.parse(body).id as string;
  expect((await page.request.delete(`/v1/identity/providers/${id}`, { headers: origin })).status()).toBe(204);

  const dev = await (await browser.newContext()).newPage();
  await signIn(dev, "jonas.weber@acme.test");
  await expect(topBar(dev).getByText("Developer", { exact: true })).toBeVisible();
  expect((await dev.request.get("/v1/identity/providers")).status()).toBe(403);
});
