// Shared by the e2e specs: sign-in through the demo's local IdP, and the screenshots.
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "warden-demo";

/**
 * The local IdP's demo-only admin token (POST /demo-admin/accounts), which playwright.config.ts
 * gives the demo server as WARDEN_LOCAL_IDP_ADMIN_TOKEN; the IdP listens beside the console.
 */
export const LOCAL_IDP_ADMIN_TOKEN = "e2e-local-idp-admin-token";
export function localIdpOrigin(baseURL: string): string {
  const port = process.env.E2E_IDP_PORT ?? String(Number(new URL(baseURL).port) + 1);
  return `http://127.0.0.1:${port}`;
}

/** Screenshots are written only when E2E_SHOTS_DIR names a folder (they are looked at, not compared). */
export const SHOTS_DIR = process.env.E2E_SHOTS_DIR ?? "";

/**
 * The page in light and dark, 1440 and 375 px wide, as `<name>-<scheme>-<width>.png` (only with
 * E2E_SHOTS_DIR). fullPage: every width ("all"), the wide one only ("wide"), or the viewport ("none");
 * `prepare` runs before each shot (to scroll a panel into view, say). Leaves the page light at 1280 px.
 */
export async function shots(
  page: Page,
  name: string,
  opts: { fullPage?: "all" | "wide" | "none"; prepare?: () => Promise<unknown> } = {},
) {
  if (!SHOTS_DIR) return;
  const full = opts.fullPage ?? "all";
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1440, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      await opts.prepare?.();
      await page.screenshot({
        path: path.join(SHOTS_DIR, `${name}-${scheme}-${width}.png`),
        fullPage: full === "all" || (full === "wide" && width === 1440),
      });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

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
