// Settings pages that write through the typed /v1 client (ADR 0042), in Chromium:
// - API keys: a developer creates a key (the secret shown once works against /v1 at once), rotates
//   it with a one-hour overlap (both secrets work), and revokes the new one (it stops).
// - Roles & permissions: an admin creates a custom role with one permission and deletes it.
// - Identity: an admin requires MFA at sign-in and stops requiring it.
// Screenshots in light and dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test, type Page } from "@playwright/test";
import { shots, signIn } from "./support";

/** The HTTP status /v1/auth/me answers a script holding this secret (no cookie). */
async function meStatus(page: Page, secret: string): Promise<number> {
  const ctx = await page.context().browser()!.newContext();
  const res = await ctx.request.get(new URL("/v1/auth/me", page.url()).toString(), {
    headers: { authorization: `Bearer ${secret}` },
  });
  await ctx.close();
  return res.status();
}

async function revealedSecret(page: Page): Promise<string> {
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^wdn_/);
  await page.getByRole("button", { name: "I have stored it" }).click();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
  return secret;
}

test("a developer creates, rotates and revokes an API key; each secret works exactly as long as it should", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, "bob.martinez@acme.test", "Bob Martinez");
  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();

  const name = `CI deploy ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "Create API key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create API key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Role").selectOption({ label: "Developer" });
  await shots(page, "api-keys-create", { fullPage: "none" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  const first = await revealedSecret(page);
  expect(await meStatus(page, first)).toBe(200);

  // The table re-renders from the server: the new key, made in the console.
  const row = page.locator("tr", { hasText: name });
  await expect(row).toContainText("via console");
  await expect(row).toContainText("Developer");
  await shots(page, "api-keys");

  await row.getByRole("button", { name: "Rotate" }).click();
  const rotate = page.getByRole("dialog", { name: `Rotate ${name}?` });
  await rotate.getByLabel("Keep the old secret valid for").selectOption({ label: "1 hour" });
  await rotate.getByRole("button", { name: "Rotate key" }).click();
  const second = await revealedSecret(page);
  expect(second).not.toBe(first);
  expect(await meStatus(page, first)).toBe(200);
  expect(await meStatus(page, second)).toBe(200);

  // The rotated key shows its overlap; the new one (same name) is the live row to revoke.
  await expect(page.locator("tr", { hasText: name }).filter({ hasText: "old secret until" })).toHaveCount(1);
  const live = page.locator("tr", { hasText: name }).filter({ has: page.getByRole("button", { name: "Revoke" }) });
  await expect(live).toHaveCount(1);
  await live.getByRole("button", { name: "Revoke" }).click();
  await page
    .getByRole("dialog", { name: `Revoke ${name}?` })
    .getByRole("button", { name: "Revoke key" })
    .click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  expect(await meStatus(page, second)).toBe(401);
});

test("an admin creates and deletes a custom role, and switches the MFA requirement on and off", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "alice.chen@acme.test", "Alice Chen");
  await page.goto("/settings/roles");
  const name = `Spend reviewer ${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "New role" }).click();
  const form = page.getByRole("form", { name: "New custom role" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Description").fill("Reads usage for the monthly review");
  await form.getByRole("checkbox", { name: "usage.read", exact: true }).check();
  await shots(page, "roles-new", { fullPage: "none", prepare: () => form.scrollIntoViewIfNeeded() });
  await form.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByRole("list", { name: `${name} permissions` })).toContainText("usage.read");
  const listed = (await (await page.request.get("/v1/roles?limit=100")).json()) as {
    data: { name: string; permissions: string[] }[];
  };
  expect(listed.data.find((r) => r.name === name)?.permissions).toEqual(["usage.read"]);

  page.once("dialog", (d) => void d.accept());
  await page
    .locator("li", { has: page.getByRole("list", { name: `${name} permissions` }) })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(page.getByRole("list", { name: `${name} permissions` })).toHaveCount(0);

  await page.goto("/settings/identity");
  const mfa = page.getByRole("checkbox", { name: /Require multi-factor authentication/ });
  const policy = async () =>
    ((await (await page.request.get("/v1/auth/mfa-policy")).json()) as { require_mfa: boolean }).require_mfa;
  expect(await policy()).toBe(false);
  try {
    await mfa.check();
    await expect(page.getByRole("status").filter({ hasText: "MFA is now required at sign-in" })).toBeVisible();
    expect(await policy()).toBe(true);
    await mfa.uncheck();
    await expect(page.getByRole("status").filter({ hasText: "MFA is no longer required" })).toBeVisible();
    expect(await policy()).toBe(false);
  } finally {
    // Acme's people sign in with a password only in the specs that follow.
    await page.request.patch("/v1/auth/mfa-policy", {
      data: { require_mfa: false },
      headers: { origin: new URL(page.url()).origin },
    });
  }
});
