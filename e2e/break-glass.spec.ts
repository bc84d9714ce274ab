// Break-glass sign-in in Chromium (ADR 0039). Two admins of Acme sign in through the local IdP:
// Alice turns break-glass on in Settings -> Break-glass and issues her one-time code, Rahul issues
// his in another browser. A fresh browser follows the discreet link on /signin, enters the
// organization, Alice's e-mail and both codes, and lands in the console under the break-glass
// banner; Settings -> Sessions names the method, Monitoring lists the high alert. The same codes a
// second time are refused with the one message. Screenshots of the settings page (off, and on with
// a code just shown), /signin/break-glass and the console with the banner, light and dark, 1440
// and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { shots, signIn } from "./support";

const CODE = /^[A-Z2-7]{4}(-[A-Z2-7]{2,4}){6}$/;

async function issueCode(page: Page): Promise<string> {
  await page.getByTestId("break-glass-issue").click();
  const code = page.getByTestId("break-glass-code");
  await expect(code).toBeVisible();
  const text = (await code.textContent())!.trim();
  expect(text).toMatch(CODE);
  return text;
}

async function breakGlassAttempt(browser: Browser, codes: [string, string]): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/signin");
  await page.getByRole("link", { name: /Break-glass sign-in/ }).click();
  await expect(page).toHaveURL(/\/signin\/break-glass$/);
  await expect(page.getByRole("heading", { name: "Break-glass sign-in" })).toBeVisible();
  await page.getByLabel("Organization").fill("acme");
  await page.getByLabel("Admin e-mail").fill("alice.chen@acme.test");
  await page.getByLabel("First admin's code").fill(codes[0]);
  await page.getByLabel("Second admin's code").fill(codes[1]);
  await page.getByRole("button", { name: "Sign in with break-glass" }).click();
  return page;
}

test("two admins' one-time codes open a 60-minute break-glass session, alerted; the codes work once", async ({
  browser,
}) => {
  test.setTimeout(240_000); // two sign-ins through the local IdP, two break-glass attempts
  const alice = await (await browser.newContext()).newPage();
  const rahul = await (await browser.newContext()).newPage();
  await signIn(alice, "alice.chen@acme.test", "Alice Chen");

  // Settings -> Break-glass, off by default.
  await alice.getByRole("link", { name: "Break-glass" }).first().click();
  await expect(alice).toHaveURL(/\/settings\/break-glass$/);
  await expect(alice.getByRole("heading", { name: "Break-glass sign-in", level: 1 })).toBeVisible();
  const toggle = alice.getByTestId("break-glass-toggle");
  await expect(toggle).toHaveText("Turn on");
  await expect(alice.getByTestId("break-glass-issue")).toHaveCount(0);
  await shots(alice, "break-glass-off");

  // On; Alice's code is shown once.
  await toggle.click();
  await expect(toggle).toHaveText("Turn off");
  await expect(alice.getByTestId("break-glass-issue")).toHaveText("Issue my code");
  const aliceCode = await issueCode(alice);
  await expect(alice.getByText("1 admin holds a code now.")).toBeVisible();
  await shots(alice, "break-glass-on-code");
  await alice.reload();
  await expect(alice.getByTestId("break-glass-code")).toHaveCount(0);
  await expect(alice.getByText(/You hold a code until/)).toBeVisible();
  await expect(alice.getByTestId("break-glass-issue")).toHaveText("Replace my code");

  // The second admin, in another browser.
  await signIn(rahul, "rahul.mehta@acme.test", "Rahul Mehta");
  await rahul.goto("/settings/break-glass");
  await expect(rahul.getByTestId("break-glass-toggle")).toHaveText("Turn off");
  const rahulCode = await issueCode(rahul);
  expect(rahulCode).not.toBe(aliceCode);
  await expect(rahul.getByText("2 admins hold a code now.")).toBeVisible();

  // A fresh browser: the discreet link on /signin, the form, the console under the banner.
  const probe = await (await browser.newContext()).newPage();
  await probe.goto("/signin/break-glass");
  await expect(probe.getByRole("heading", { name: "Break-glass sign-in" })).toBeVisible();
  await shots(probe, "break-glass-signin");
  await probe.context().close();

  const bg = await breakGlassAttempt(browser, [aliceCode.toLowerCase(), rahulCode]);
  const banner = bg.getByTestId("break-glass-banner");
  await expect(banner).toBeVisible();
  await expect(bg).not.toHaveURL(/\/signin/);
  await expect(bg.locator("header").getByText("Alice Chen", { exact: true })).toBeVisible();
  const ends = /The session ends at (\d\d:\d\d) UTC\./.exec((await banner.textContent()) ?? "");
  expect(ends).toBeTruthy();

  // The session is a break-glass one of at most 60 minutes, and the banner names its end.
  const me = (await (await bg.request.get("/v1/sessions")).json()) as {
    data: { id: string; method: string; mfa: boolean; created_at: string; expires_at: string; current: boolean }[];
  };
  const current = me.data.find((s) => s.current)!;
  expect(current.method).toBe("break_glass");
  expect(current.mfa).toBe(false);
  expect(Date.parse(current.expires_at) - Date.parse(current.created_at)).toBeLessThanOrEqual(60 * 60_000);
  expect(ends![1]).toBe(new Date(current.expires_at).toISOString().slice(11, 16));
  await shots(bg, "break-glass-banner", { fullPage: "none" });

  await bg.goto("/settings/sessions");
  await expect(bg.getByRole("heading", { name: "Sessions", level: 1 })).toBeVisible();
  const row = bg.locator(`[data-session-id="${current.id}"]`);
  await expect(row.getByText("This session")).toBeVisible();
  await expect(row.getByText("Break-glass", { exact: true })).toBeVisible();
  await expect(bg.getByTestId("break-glass-banner")).toBeVisible();
  await shots(bg, "break-glass-sessions", { fullPage: "none" });

  // Monitoring lists the high-severity alert of this sign-in.
  await bg.goto("/monitoring");
  const alert = bg.getByTestId("alert").filter({ hasText: "Break-glass sign-in" }).first();
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("high");
  await expect(alert).toContainText("two admins' one-time codes used");

  // The same codes again, from yet another browser: the one refusal, still on the public page.
  const again = await breakGlassAttempt(browser, [aliceCode, rahulCode]);
  await expect(again).toHaveURL(/\/signin\/break-glass\?error=refused$/);
  await expect(again.getByText("Sign-in refused")).toBeVisible();
  await expect(
    again.getByText(
      "Check the organization, the e-mail and both codes. Codes are single use and expire; each must come from a different admin.",
    ),
  ).toBeVisible();
  await expect(again.getByTestId("break-glass-banner")).toHaveCount(0);
  expect((await again.request.get("/v1/auth/me")).status()).toBe(401);

  // Off again for the specs that follow; unused codes die with it.
  await alice.goto("/settings/break-glass");
  await alice.getByTestId("break-glass-toggle").click();
  await expect(alice.getByTestId("break-glass-toggle")).toHaveText("Turn on");
});
