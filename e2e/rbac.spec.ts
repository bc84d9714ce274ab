// Custom roles reach a real sign-in: through the local IdP, hannah (built-in viewer at the IdP,
// "Security Auditor" custom role in Warden) opens the Audit page and sees entries, while a plain
// viewer (carol) is shown the page's refusal. Screenshots go to E2E_SHOTS_DIR when it is set.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { SHOTS_DIR, signIn } from "./support";

test("hannah (Security Auditor) signs in through the IdP and reads the audit trail", async ({ page }) => {
  await signIn(page, "hannah.schmidt@acme.test", "Hannah Schmidt");
  await expect(page.locator("header").getByText("Security Auditor", { exact: true })).toBeVisible();
  const me = (await (await page.request.get("/v1/auth/me")).json()) as { role_name: string; permissions: string[] };
  expect(me.role_name).toBe("Security Auditor");
  expect(me.permissions).toContain("audit.read");

  await page.goto("/audit");
  const rows = page.getByTestId("audit-table").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(5);
  await expect(page.getByText("audit.read", { exact: true })).toHaveCount(0);
  if (SHOTS_DIR) await page.screenshot({ path: path.join(SHOTS_DIR, "auth-core-hannah-audit.png"), fullPage: false });
});

test("a viewer (carol) is refused the audit trail", async ({ page }) => {
  await signIn(page, "carol.johnson@acme.test", "Carol Johnson");
  await page.goto("/audit");
  await expect(page.getByText(/don.t have access to the audit trail/i)).toBeVisible();
  await expect(page.getByText("audit.read", { exact: true })).toBeVisible();
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  const api = await page.request.get("/v1/audit?limit=1");
  expect(api.status()).toBe(403);
  if (SHOTS_DIR) await page.screenshot({ path: path.join(SHOTS_DIR, "auth-core-viewer-refused.png"), fullPage: false });
});
