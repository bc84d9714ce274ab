// Console sessions in Chromium, signed in through the local IdP (ADR 0031): the same person in two
// browsers; browser A opens Settings -> Sessions and ends browser B's session, and B's next
// navigation lands on sign-in. An admin then sees the person's sessions in Users -> details and
// signs them out everywhere, which sends browser A to sign-in too. Screenshots of the Sessions
// page and the admin's view in light and dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test, type Page } from "@playwright/test";
import { LOCAL_IDP_ADMIN_TOKEN, localIdpOrigin, shots, signIn } from "./support";

/** This browser's own session id, as /v1/sessions marks it. */
async function currentSid(page: Page): Promise<string> {
  const res = await page.request.get("/v1/sessions");
  expect(res.status()).toBe(200);
  const { data } = (await res.json()) as { data: { id: string; current: boolean }[] };
  const mine = data.find((s) => s.current);
  expect(mine).toBeTruthy();
  return mine!.id;
}

test("a session ended in another browser stops that browser; an admin signs the person out everywhere", async ({
  browser,
}) => {
  test.setTimeout(180_000); // three sign-ins through the local IdP
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signIn(a, "bob.martinez@acme.test", "Bob Martinez");
  await signIn(b, "bob.martinez@acme.test", "Bob Martinez");
  const sidA = await currentSid(a);
  const sidB = await currentSid(b);
  expect(sidA).not.toBe(sidB);

  // Browser A: Settings -> Sessions lists both, A's own marked.
  await a.getByRole("link", { name: "Sessions" }).first().click();
  await expect(a.getByRole("heading", { name: "Sessions", level: 1 })).toBeVisible();
  const rowA = a.locator(`[data-session-id="${sidA}"]`);
  const rowB = a.locator(`[data-session-id="${sidB}"]`);
  await expect(rowA.getByText("This session")).toBeVisible();
  await expect(rowB).toBeVisible();
  await expect(rowB.getByText("This session")).toHaveCount(0);
  await expect(rowB.getByText("127.0.0.1")).toBeVisible();
  await expect(rowB.getByText(/Chrome on Linux/)).toBeVisible();
  await shots(a, "sessions");

  // B works until A ends it; then B's next navigation lands on sign-in.
  await b.goto("/settings/sessions");
  await expect(b.getByRole("heading", { name: "Sessions", level: 1 })).toBeVisible();
  await rowB.getByRole("button", { name: /End session/ }).click();
  await expect(rowB).toHaveCount(0);
  await expect(rowA).toBeVisible();
  await b.goto("/governance/virtual-keys");
  await expect(b).toHaveURL(/\/signin/);
  expect((await b.request.get("/v1/auth/me")).status()).toBe(401);
  expect((await a.request.get("/v1/auth/me")).status()).toBe(200);

  // An admin sees Bob's sessions on the Users page and signs him out everywhere.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "alice.chen@acme.test", "Alice Chen");
  await admin.goto("/governance/users");
  await admin.getByRole("button", { name: "Bob Martinez", exact: true }).click();
  const sessions = admin.getByRole("list", { name: "Sessions of Bob Martinez" });
  await expect(sessions.locator(`[data-session-id="${sidA}"]`)).toBeVisible();
  await expect(sessions.locator(`[data-session-id="${sidB}"]`)).toHaveCount(0);
  await shots(admin, "sessions-admin");
  await admin.getByRole("button", { name: "Sign Bob Martinez out everywhere" }).click();
  await expect(admin.getByRole("status").filter({ hasText: /sessions? ended/ })).toBeVisible();
  await expect(admin.getByText("Not signed in anywhere.")).toBeVisible();
  await a.goto("/settings/sessions");
  await expect(a).toHaveURL(/\/signin/);
  expect((await admin.request.get("/v1/auth/me")).status()).toBe(200);
});

test("the session policy panel in Settings -> Identity: an admin changes the idle timeout", async ({ page }) => {
  await signIn(page, "alice.chen@acme.test", "Alice Chen");
  await page.goto("/settings/identity");
  await expect(page.getByLabel("Idle timeout (minutes)")).toHaveValue("60");
  await page.getByLabel("Idle timeout (minutes)").fill("45");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Session policy saved" })).toBeVisible();
  const policy = (await (await page.request.get("/v1/auth/session-policy")).json()) as { idle_timeout_minutes: number };
  expect(policy.idle_timeout_minutes).toBe(45);
  await shots(page, "session-policy", {
    fullPage: "none",
    prepare: () => page.getByRole("heading", { name: "Console sessions" }).scrollIntoViewIfNeeded(),
  });
  // Back to the default for the specs that follow.
  expect(
    (
      await page.request.patch("/v1/auth/session-policy", {
        data: { idle_timeout_minutes: 60 },
        headers: { origin: new URL(page.url()).origin },
      })
    ).status(),
  ).toBe(200);
});

test("a role changed at the IdP applies in the open console after the refresh interval; sign-out goes through the IdP", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000); // waits out a one-minute refresh interval
  const idp = localIdpOrigin(baseURL!);
  const admin = await (await browser.newContext()).newPage();
  const carol = await (await browser.newContext()).newPage();
  const atIdp = (body: Record<string, unknown>) =>
    admin.request.post(`${idp}/demo-admin/accounts`, {
      data: body,
      headers: { authorization: `Bearer ${LOCAL_IDP_ADMIN_TOKEN}` },
    });
  const setInterval = (minutes: number) =>
    admin.request.patch("/v1/auth/session-policy", {
      data: { refresh_interval_minutes: minutes },
      headers: { origin: new URL(baseURL!).origin },
    });

  await signIn(admin, "alice.chen@acme.test", "Alice Chen");
  // The Console sessions panel shows the interval; the smallest one keeps this test short.
  await admin.goto("/settings/identity");
  await expect(admin.getByLabel("IdP refresh interval (minutes)")).toHaveValue("5");
  expect((await setInterval(1)).status()).toBe(200);
  try {
    await signIn(carol, "carol.johnson@acme.test", "Carol Johnson");
    // The sidebar keeps a page one may not open as a disabled item; only an allowed one is a real link.
    const audit = carol.getByRole("navigation").locator('a[href="/audit"]');
    await expect(carol.locator("header").getByText("Viewer")).toBeVisible();
    await expect(audit).toHaveCount(0);

    // The IdP's administrator makes Carol an admin. Within the interval the console is unchanged.
    expect((await atIdp({ email: "carol.johnson@acme.test", roles: ["admin"] })).status()).toBe(200);
    await carol.reload();
    await expect(carol.locator("header").getByText("Viewer")).toBeVisible();
    await expect(audit).toHaveCount(0);

    // After the interval, the open console carries the new role, without signing out.
    await expect(async () => {
      await carol.reload();
      await expect(carol.locator("header").getByText("Admin", { exact: true })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 100_000, intervals: [5_000] });
    await expect(audit).toBeVisible();
    await audit.click();
    await expect(carol.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();

    // Sign-out ends the session and goes through the IdP's end-session endpoint back to /signin (the
    // IdP's own 5-second session has long expired here, so it asks nothing and redirects at once).
    await carol.getByRole("button", { name: "Sign out" }).click();
    await expect(carol).toHaveURL(/\/signin\?signed_out=1&state=/);
    expect((await carol.request.get("/v1/auth/me")).status()).toBe(401);
    // A new sign-in asks the IdP for credentials again (signIn() fills its password form).
    expect((await atIdp({ email: "carol.johnson@acme.test", roles: ["viewer"] })).status()).toBe(200);
    await signIn(carol, "carol.johnson@acme.test", "Carol Johnson");
    await expect(carol.locator("header").getByText("Viewer")).toBeVisible();
  } finally {
    await atIdp({ email: "carol.johnson@acme.test", roles: ["viewer"] });
    await setInterval(5);
  }
});
