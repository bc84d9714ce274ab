// The Privacy page in Chromium, signed in through the local IdP as an Acme admin: seeded requests
// show their deadlines, an access request goes requested -> approved and its export bundle holds
// that person's data, consent changes land in the history, and screenshots in both themes.
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { SHOTS_DIR, signIn } from "./support";

const SHOTS = SHOTS_DIR;

test.describe("as an Acme admin", () => {
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));

  test("seeded requests show status and deadline; an access request is approved and exports exactly that person's data", async ({
    page,
  }) => {
    await page.goto("/privacy");
    await expect(page.getByRole("heading", { level: 1, name: "Privacy" })).toBeVisible();
    const requests = page.locator("#requests");
    await expect(requests.getByRole("row", { name: /Carol Johnson/ })).toContainText("requested");
    await expect(requests.getByRole("row", { name: /Carol Johnson/ })).toContainText(/day\(s\) left/);
    await expect(requests.getByRole("row", { name: /Erased person/ })).toContainText("completed");

    await page.getByRole("button", { name: "New request" }).click();
    const dialog = page.getByRole("dialog", { name: "New data subject request" });
    await dialog.getByLabel("Person").selectOption({ label: "Priya Nair <priya.nair@acme.test>" });
    await dialog.getByRole("button", { name: "Create request" }).click();
    const row = requests.getByRole("row", { name: /Priya Nair/ });
    await expect(row).toContainText("requested");
    await row.getByRole("button", { name: "Approve" }).click();
    await expect(row).toContainText("approved");

    const download = page.waitForEvent("download");
    await row.getByRole("link", { name: "Download export" }).click();
    const file = await (await download).path();
    const bundle = JSON.parse(fs.readFileSync(file!, "utf8")) as {
      format: string;
      profile: { email: string };
      consents: unknown[];
    };
    expect(bundle.format).toBe("warden.privacy.export/v1");
    expect(bundle.profile.email).toBe("priya.nair@acme.test");
    expect(bundle.consents.length).toBeGreaterThan(0);
    expect(JSON.stringify(bundle)).not.toContain("alice.chen@acme.test");
  });

  test("recording a consent withdrawal updates the current state and its history", async ({ page }) => {
    await page.goto("/privacy#consent");
    const section = page.locator("#consent");
    await section.getByLabel("Person").selectOption({ label: "Jonas Weber <jonas.weber@acme.test>" });
    await section.getByLabel("Purpose").selectOption("prompt_logging");
    await section.getByLabel("Change").selectOption("withdrawn");
    await section.getByRole("button", { name: "Record" }).click();
    const entry = section.locator("details", { hasText: "Jonas Weber" }).filter({ hasText: "Prompt logging" });
    await expect(entry.locator("summary")).toContainText("withdrawn");
    await expect(entry.locator("summary")).toContainText("2 change(s)");
  });

  test("retention (dry run, save) and the tenant policy save through /v1", async ({ page }) => {
    await page.goto("/privacy#retention");
    const retention = page.locator("#retention");
    await retention.getByRole("button", { name: "Dry run" }).click();
    await expect(retention).toContainText(/Would remove: \d+ audit entries, \d+ usage records, \d+ request bodies/);
    await retention.getByLabel("Request bodies (days)").fill("31");
    await retention.getByRole("button", { name: "Save retention" }).click();
    await expect(retention).toContainText("Retention saved.");
    await page.reload();
    await expect(page.locator("#retention").getByLabel("Request bodies (days)")).toHaveValue("31");
    await page.locator("#retention").getByLabel("Request bodies (days)").fill("30");
    await page.locator("#retention").getByRole("button", { name: "Save retention" }).click();
    await expect(page.locator("#retention")).toContainText("Retention saved.");

    const policies = page.locator("#policies");
    await policies.getByRole("button", { name: "Save policy" }).first().click();
    await expect(policies).toContainText("Policy saved.");
  });

  test("screenshots: light and dark, 375 and 1440 wide", async ({ page }) => {
    const dir = SHOTS || test.info().outputDir;
    fs.mkdirSync(dir, { recursive: true });
    for (const theme of ["light", "dark"] as const) {
      for (const width of [375, 1440]) {
        await page.setViewportSize({ width, height: 900 });
        await page.addInitScript((t) => localStorage.setItem("warden-theme", t), theme);
        await page.goto("/privacy");
        await expect(page.getByRole("heading", { level: 1, name: "Privacy" })).toBeVisible();
        await expect(page.locator("html")).toHaveClass(new RegExp(theme === "dark" ? "dark" : "^(?!.*dark)"));
        await page.screenshot({ path: `${dir}/privacy-${theme}-${width}.png`, fullPage: true });
      }
    }
  });
});
