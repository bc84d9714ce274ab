// The Reports page in Chromium, signed in through the local IdP as an Acme admin: build a report
// (type, range, a filter) with a live preview, generate it in each format, download it from the
// page, and find it in the history with the same SHA-256 as its bytes. Screenshots of the builder
// and history go to E2E_SHOTS_DIR when it is set.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { SHOTS_DIR, signIn } from "./support";

const SHOTS = SHOTS_DIR;

test.describe("as an Acme admin", () => {
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));

  test("the seeded history is listed with sizes and hashes", async ({ page }) => {
    await page.goto("/reports");
    const rows = page.getByTestId("history-row");
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId("report-history")).toContainText("Compliance");
    // Paged on the server: the count of this page and the total, from the same query.
    const n = await rows.count();
    await expect(page.getByRole("navigation", { name: "History pages" })).toContainText(
      new RegExp(`Showing 1–${n} of \\d+`),
    );
  });

  for (const format of ["pdf", "csv", "json"] as const) {
    test(`build an access report with a filter, preview it and download it as ${format.toUpperCase()}`, async ({
      page,
    }) => {
      await page.goto("/reports");
      await page.getByRole("radio", { name: /^Access/ }).check();
      await page.getByRole("radio", { name: "Last 30 days" }).click();
      const events = page.getByTestId("filter-event-types");
      await events.getByRole("combobox").fill("auth.login_failed");
      await events.getByRole("option", { name: "auth.login_failed" }).getByRole("checkbox").check();
      await page.getByRole("heading", { name: "Preview" }).click(); // close the list
      // The preview agrees with the API's own preview for the same parameters.
      const api = (await (
        await page.request.post("/v1/reports/preview", {
          headers: { origin: new URL(page.url()).origin },
          data: { type: "access", range: "30d", filters: { event_types: ["auth.login_failed"] } },
        })
      ).json()) as {
        summary: { figures: { key: string; value: number }[] };
      };
      const failed = api.summary.figures.find((f) => f.key === "failed_auth")!.value;
      expect(failed).toBeGreaterThan(0);
      await expect(page.getByTestId("figure-failed_auth")).toContainText(failed.toLocaleString("en-US"));
      await expect(page.getByTestId("report-preview").locator("tbody tr").first()).toContainText("auth.login_failed");

      await page.getByRole("radio", { name: format.toUpperCase() }).click();
      if (SHOTS && format === "pdf") {
        await page.setViewportSize({ width: 1440, height: 1300 });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: `${SHOTS}/builder-preview-light-1440.png` });
      }
      await page.getByTestId("generate-report").click();
      const progress = page.getByTestId("report-progress");
      await expect(progress).toContainText("completed", { timeout: 30_000 });
      await expect(progress).toContainText(
        `${failed.toLocaleString("en-US")} of ${failed.toLocaleString("en-US")} rows`,
      );

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("download-latest").click(),
      ]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^warden-access-report-rep_[0-9a-f]+\\.${format}$`));
      const bytes = fs.readFileSync((await download.path())!);
      const sha = createHash("sha256").update(bytes).digest("hex");
      const id = download.suggestedFilename().match(/(rep_[0-9a-f]+)/)![1];
      const view = (await (await page.request.get(`/v1/reports/${id}`)).json()) as {
        sha256: string;
        size_bytes: number;
        status: string;
      };
      expect(view.status).toBe("completed");
      expect(view.sha256).toBe(sha);
      expect(view.size_bytes).toBe(bytes.length);
      if (format === "pdf") expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      if (format === "csv") expect(bytes.toString("utf8").split("\r\n").length - 2).toBe(failed);
      if (format === "json")
        expect((JSON.parse(bytes.toString("utf8")) as { row_count: number }).row_count).toBe(failed);

      // The history shows it, and "download again" returns the same bytes.
      // (The seed's failed-sign-in CSV has the same rows, hence the same bytes: take the newest.)
      const row = page
        .getByTestId("history-row")
        .filter({ hasText: sha.slice(0, 12) })
        .first();
      await expect(row).toBeVisible();
      const [again] = await Promise.all([
        page.waitForEvent("download"),
        row.getByRole("link", { name: /Download/ }).click(),
      ]);
      expect(
        createHash("sha256")
          .update(fs.readFileSync((await again.path())!))
          .digest("hex"),
      ).toBe(sha);
    });
  }

  test("screenshots: builder and history, light and dark, 375 and 1440", async ({ page }) => {
    const dir = SHOTS || test.info().outputDir;
    fs.mkdirSync(dir, { recursive: true });
    for (const theme of ["light", "dark"] as const) {
      for (const width of [1440, 375]) {
        await page.setViewportSize({ width, height: 1000 });
        await page.emulateMedia({ colorScheme: theme });
        await page.goto("/reports");
        await page.evaluate((t) => {
          localStorage.setItem("theme", t);
          document.documentElement.classList.toggle("dark", t === "dark");
          document.documentElement.dataset.theme = t;
        }, theme);
        await expect(page.getByTestId("figure-events")).toBeVisible();
        await page.screenshot({ path: `${dir}/reports-${theme}-${width}.png`, fullPage: true });
      }
    }
  });
});
