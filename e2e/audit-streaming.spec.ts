// Settings -> Audit streaming in Chromium, signed in through the local IdP: an Acme admin adds a
// Splunk HEC stream (its token never shown again), sees its lag, tests it (the receiver does not
// exist: the failure is shown), backfills it and deletes it; the Security Auditor sees the page
// without the controls. Screenshots in light and dark, 1440 and 375 wide, when E2E_SHOTS_DIR is set.
import { expect, test } from "@playwright/test";
import { shots, signIn } from "./support";

const TOKEN = "e2e-hec-token-0123456789abcdef";

test("an admin adds, tests, backfills and deletes a Splunk HEC stream; the token is never shown", async ({ page }) => {
  await signIn(page, "alice.chen@acme.test", "Alice Chen");
  await page.getByRole("link", { name: "Audit streaming" }).first().click();
  await expect(page.getByRole("heading", { name: "Audit streaming", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add stream" }).click();
  const form = page.getByRole("form", { name: "Add audit stream" });
  await form.getByLabel("Name").fill("Splunk (SOC)");
  await form.getByLabel("HEC URL").fill("https://splunk.invalid:8088");
  await form.getByLabel("HEC token").fill(TOKEN);
  await form.getByLabel("Index (optional)").fill("warden");
  await form.getByRole("button", { name: "Add stream" }).click();
  const card = page.getByRole("listitem").filter({ hasText: "Splunk (SOC)" });
  await expect(card).toBeVisible();
  await expect(card.getByText("https://splunk.invalid:8088")).toBeVisible();
  await expect(card.getByTestId("stream-lag")).toContainText(/entr/);
  await expect(page.getByText(TOKEN)).toHaveCount(0);
  const api = (await (await page.request.get("/v1/audit/streams")).json()) as {
    data: { name: string; lag: number; head_seq: number; cursor_seq: number }[];
  };
  const row = api.data.find((s) => s.name === "Splunk (SOC)")!;
  expect(row.lag).toBe(row.head_seq - row.cursor_seq);
  expect(JSON.stringify(api)).not.toContain(TOKEN);

  await card.getByRole("button", { name: "Test" }).click();
  await expect(card.getByRole("status")).toContainText("Test failed");
  await card.getByLabel("Backfill from seq").fill("1");
  await card.getByRole("button", { name: "Backfill" }).click();
  await expect(card.getByText(/seq 0 of/)).toBeVisible();
  await shots(page, "audit-streaming");

  await card.getByRole("button", { name: "Delete", exact: true }).click();
  await card.getByRole("button", { name: "Delete Splunk (SOC)" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Splunk (SOC)" })).toHaveCount(0);
});

test("the Security Auditor sees audit streaming without the controls", async ({ page }) => {
  await signIn(page, "hannah.schmidt@acme.test", "Hannah Schmidt");
  await page.goto("/settings/audit-streaming");
  await expect(page.getByRole("heading", { name: "Audit streaming", level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add stream" })).toHaveCount(0);
});
