// Platform (ADR 0032): the demo operator signs in through the local IdP's platform client (a
// second factor), creates a tenant, sees it in the list with its health figures, suspends it (the
// API agrees) and resumes it. Screenshots light and dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test } from "@playwright/test";
import { PASSWORD, shots } from "./support";

const OPERATOR = "operator@platform.warden.test";

test("a platform operator signs in with MFA, creates a tenant and suspends it", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Platform operator sign-in" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await expect(page.getByText("Warden (platform)")).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(OPERATOR);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page).toHaveURL(/\/platform$/);
  await expect(page.getByRole("heading", { name: "Platform", exact: true })).toBeVisible();
  const acme = page.locator("tr[data-tenant=acme]");
  await expect(acme.getByText("active")).toBeVisible();

  const form = page.getByRole("form", { name: "Create tenant" });
  await form.getByLabel("Slug").fill("initech");
  await form.getByLabel("Name").fill("Initech");
  await form.getByLabel("E-mail domains").fill("initech.test");
  await form.getByLabel("First admin", { exact: true }).fill("peter@initech.test");
  await form.getByRole("button", { name: "Create tenant" }).click();
  const row = page.locator("tr[data-tenant=initech]");
  await expect(row.getByText("Initech", { exact: true })).toBeVisible();
  await expect(row.getByText("active")).toBeVisible();

  await row.getByRole("button", { name: "Suspend Initech" }).click();
  await expect(row.getByText("suspended")).toBeVisible();
  await expect(row.getByRole("button", { name: "Resume Initech" })).toBeVisible();
  const listed = await page.request.get("/v1/platform/tenants");
  expect(listed.status()).toBe(200);
  const tenants = ((await listed.json()) as { data: { slug: string; status: string }[] }).data;
  expect(tenants.find((t) => t.slug === "initech")?.status).toBe("suspended");
  await expect(page.getByText("tenant.suspend").first()).toBeVisible();
  await shots(page, "platform");

  // A tenant route does not take the operator's session: operators see no tenant data.
  expect((await page.request.get("/v1/users")).status()).toBe(403);

  await row.getByRole("button", { name: "Resume Initech" }).click();
  await expect(row.getByText("active")).toBeVisible();
});
