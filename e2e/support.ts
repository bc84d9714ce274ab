// Shared by the e2e specs: sign-in through the demo's local IdP, and where screenshots go.
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "warden-demo";

/** Screenshots are written only when E2E_SHOTS_DIR names a folder (they are looked at, not compared). */
export const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? "";

/** Sign in through the local IdP and wait until the console's header shows the person. */
export async function signIn(page: Page, email: string, name: string) {
  await page.goto("/signin");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue with SSO" }).click();
  await page.getByRole("button", { name: "Continue to your identity provider" }).click();
  // Wait for the IdP's own page: "Email" would otherwise still match the "Work email" field.
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await expect(page.getByRole("heading", { name: "Demo identity provider" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("header").getByText(name, { exact: true })).toBeVisible();
}
