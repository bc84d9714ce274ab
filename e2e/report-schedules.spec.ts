// Reports -> Scheduled reports in Chromium, signed in through the local IdP: the seeded paused
// schedule is listed; an Acme admin adds a weekly schedule, pauses it and deletes it, and the API
// agrees at each step; a viewer sees the schedules without the controls. Screenshots in light and
// dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test, type Page } from "@playwright/test";
import { shots, signIn } from "./support";

type Schedule = {
  name: string;
  enabled: boolean;
  cadence: string;
  weekday: number | null;
  hour: number;
  window_days: number;
};
const schedules = async (page: Page) =>
  ((await (await page.request.get("/v1/reports/schedules")).json()) as { data: Schedule[] }).data;

test("an admin adds a weekly schedule, pauses it and deletes it", async ({ page }) => {
  await signIn(page, "alice.chen@acme.test", "Alice Chen");
  await page.goto("/reports");
  const list = page.getByRole("list", { name: "Scheduled reports" });
  const seeded = list.getByRole("listitem").filter({ hasText: "Weekly access review" });
  await expect(seeded).toContainText("Paused");
  await expect(seeded).toContainText("Every Monday at 06:00 UTC");

  await page.getByRole("button", { name: "Add schedule" }).click();
  const form = page.getByRole("form", { name: "Add scheduled report" });
  await form.getByLabel("Name").fill("Friday usage digest");
  await form.getByLabel("Report").selectOption("usage");
  await form.getByLabel("Format").selectOption("csv");
  await form.getByLabel("Covers the last (days)").fill("7");
  await form.getByLabel("Runs").selectOption("weekly");
  await form.getByLabel("On", { exact: true }).selectOption("5");
  await form.getByLabel("Hour (UTC)").fill("17");
  await form.getByLabel(/E-mail to/).fill("finance@acme.test");
  await form.getByRole("button", { name: "Add schedule" }).click();
  const item = list.getByRole("listitem").filter({ hasText: "Friday usage digest" });
  await expect(item).toContainText("Every Friday at 17:00 UTC");
  await expect(item).toContainText("Active");
  expect((await schedules(page)).find((s) => s.name === "Friday usage digest")).toMatchObject({
    enabled: true,
    cadence: "weekly",
    weekday: 5,
    hour: 17,
    window_days: 7,
  });
  await shots(page, "report-schedules", {
    fullPage: "none",
    prepare: () => page.getByRole("heading", { name: "Scheduled reports" }).scrollIntoViewIfNeeded(),
  });

  await item.getByRole("button", { name: "Pause" }).click();
  await expect(item).toContainText("Paused");
  expect((await schedules(page)).find((s) => s.name === "Friday usage digest")?.enabled).toBe(false);

  await item.getByRole("button", { name: "Delete" }).click();
  await item.getByRole("button", { name: "Delete Friday usage digest" }).click();
  await expect(list.getByRole("listitem").filter({ hasText: "Friday usage digest" })).toHaveCount(0);
  expect((await schedules(page)).some((s) => s.name === "Friday usage digest")).toBe(false);
});

test("a viewer sees the schedules without the controls", async ({ page }) => {
  await signIn(page, "elena.petrova@acme.test", "Elena Petrova");
  await page.goto("/reports");
  await expect(page.getByRole("list", { name: "Scheduled reports" }).getByText("Weekly access review")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add schedule" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);
});
