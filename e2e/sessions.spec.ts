// Console sessions in Chromium, signed in through the local IdP (ADR 0031): the same person in two
// browsers; browser A opens Settings -> Sessions and ends browser B's session, and B's next
// navigation lands on sign-in. An admin then sees the person's sessions in Users -> details and
// signs them out everywhere, which sends browser A to sign-in too. Screenshots of the Sessions
// page and the admin's view in light and dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test, type Page } from "@playwright/test";
import { shots, signIn } from "./support";

/** This browser's own session id, as /v1/sessions marks it. */
async function currentSid(page: Page): Promise<string> {
  const res = await page.request.get("/v1/sessions");
  expect(res.status()).toBe(200);
  const { data } = (await res.json()) as { data: { id: string; current: boolean }[] };
  const mine = data.find((s) => s.current);
  expect(mine).toBeTruthy();
  return mine!.id;
}

test("a session ended in another browser stops that browser; an admin signs the person out everywhere", async ({ browser }) => {
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
  await shots(page, "session-policy");
  // Back to the default for the specs that follow.
  expect((await page.request.patch("/v1/auth/session-policy", { data: { idle_timeout_minutes: 60 }, headers: { origin: new URL(page.url()).origin } })).status()).toBe(200);
});
