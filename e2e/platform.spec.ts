// Platform (ADR 0032): the demo operator signs in through the local IdP's platform client (a
// second factor), creates a tenant, sees it in the list with its health figures, suspends it (the
// API agrees), exports it (the signed bundle downloads and verifies offline, ADR 0040), schedules its
// deletion (grace period shown, slug typed), sees the due date, cancels, and resumes it.
// Screenshots light and dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

  // Export: a reason, then the signed bundle downloads; it verifies with the published key alone.
  await row.getByRole("button", { name: "Export Initech" }).click();
  const exportDialog = page.getByRole("dialog", { name: "Export Initech" });
  await exportDialog.getByLabel("Reason").fill("offboarding: the customer asked for its data");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    exportDialog.getByRole("link", { name: "Download export" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^warden-export-initech-\d{4}-\d{2}-\d{2}\.zip$/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-e2e-export-"));
  const bundle = path.join(dir, "bundle.zip");
  await download.saveAs(bundle);
  fs.writeFileSync(path.join(dir, "key.json"), await (await page.request.get("/.well-known/warden-audit-key")).text());
  const verified = JSON.parse(
    execFileSync("node", ["scripts/verify-export.mjs", bundle, path.join(dir, "key.json")], { encoding: "utf8" }),
  );
  expect(verified).toMatchObject({ valid: true, tenant: { slug: "initech" } });
  const platformLog = (
    (await (await page.request.get("/v1/platform/log")).json()) as {
      data: { action: string; details: { reason?: string } }[];
    }
  ).data;
  expect(platformLog.find((e) => e.action === "tenant.export")?.details.reason).toBe(
    "offboarding: the customer asked for its data",
  );

  // Schedule deletion: the grace period is shown, the slug must be typed; the due date then shows.
  await row.getByRole("button", { name: "Schedule deletion of Initech" }).click();
  const deleteDialog = page.getByRole("dialog", { name: "Schedule deletion of Initech" });
  await expect(deleteDialog.getByText("30 days")).toBeVisible();
  const confirm = deleteDialog.getByRole("button", { name: "Schedule deletion" });
  await expect(confirm).toBeDisabled();
  await deleteDialog.getByLabel("Type initech to confirm").fill("initec");
  await expect(confirm).toBeDisabled();
  await deleteDialog.getByLabel("Type initech to confirm").fill("initech");
  await confirm.click();
  await expect(deleteDialog).toBeHidden();
  const scheduled = (
    (await (await page.request.get("/v1/platform/tenants")).json()) as {
      data: { slug: string; deletion_due_at: string | null }[];
    }
  ).data.find((t) => t.slug === "initech");
  expect(scheduled?.deletion_due_at).toBeTruthy();
  const due = new Date(scheduled!.deletion_due_at!).toISOString().slice(0, 16).replace("T", " ") + " UTC";
  await expect(row.getByText(`deletion due ${due}`)).toBeVisible();
  await expect(row.getByRole("button", { name: "Schedule deletion of Initech" })).toHaveCount(0);
  await shots(page, "platform");

  // Cancel while scheduled.
  await row.getByRole("button", { name: "Cancel deletion of Initech" }).click();
  await expect(row.getByText(/deletion due/)).toHaveCount(0);
  await expect(row.getByRole("button", { name: "Schedule deletion of Initech" })).toBeVisible();
  // The confirmation, as a person sees it (the table at 1440, the tenant's card at 375).
  await shots(page, "platform-delete-dialog", {
    fullPage: "none",
    prepare: async () => {
      await page.keyboard.press("Escape");
      const wide = (page.viewportSize()?.width ?? 1440) >= 768;
      const scope = wide ? page.locator("tr[data-tenant=initech]") : page.locator("li[data-tenant-card=initech]");
      await scope.getByRole("button", { name: "Schedule deletion of Initech" }).click();
      await page
        .getByRole("dialog", { name: "Schedule deletion of Initech" })
        .getByLabel("Type initech to confirm")
        .fill("initech");
    },
  });
  await page.keyboard.press("Escape");

  // A tenant route does not take the operator's session: operators see no tenant data.
  expect((await page.request.get("/v1/users")).status()).toBe(403);

  await row.getByRole("button", { name: "Resume Initech" }).click();
  await expect(row.getByText("active")).toBeVisible();
});
