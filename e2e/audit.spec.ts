// The Audit page in Chromium, signed in through the local IdP as an Acme admin: the chain
// badge agrees with /v1/audit/verify, filters travel in the URL, and ?entry= opens an entry.
import { expect, test } from "@playwright/test";
import { shots, signIn } from "./support";

test.describe("as an Acme admin", () => {
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));

  test("the badge shows the verified count that /v1/audit/verify computed, and Verify now records a new one", async ({
    page,
  }) => {
    const res = await page.request.get("/v1/audit/verify");
    expect(res.status()).toBe(200);
    const v = (await res.json()) as { verified: boolean; checked: number };
    expect(v.verified).toBe(true);
    expect(v.checked).toBeGreaterThan(100);

    await page.goto("/audit");
    const badge = page.getByTestId("audit-verify-badge");
    await expect(badge).toHaveAttribute("data-verified", "true");
    await expect(badge).toContainText(`Chain verified · ${v.checked.toLocaleString("en-US")} entries · checked at`);

    // The API call above appended its own audit.verify entry, so the next check sees one more.
    await page.getByRole("button", { name: "Verify now" }).click();
    await expect(badge).toContainText(`Chain verified · ${(v.checked + 1).toLocaleString("en-US")} entries`);
  });

  test("filtering by outcome=failure shows only failures, from the form and from a shared URL", async ({ page }) => {
    await page.goto("/audit");
    await page.getByLabel("Outcome").selectOption("failure");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/[?&]outcome=failure/);

    const rows = page.getByTestId("audit-table").locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    const outcomes = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-outcome")));
    expect(outcomes.length).toBeGreaterThan(0);
    expect(new Set(outcomes)).toEqual(new Set(["failure"]));

    const api = (await (await page.request.get("/v1/audit?outcome=failure&limit=50")).json()) as {
      data: { seq: number }[];
    };
    await expect(rows).toHaveCount(api.data.length);
    await expect(rows.first().locator("td").last()).toHaveText(String(api.data[0].seq));
  });

  test("?entry=<id> opens that entry with its chain fields and before/after diff; Escape closes it", async ({
    page,
  }) => {
    const list = (await (await page.request.get("/v1/audit?action=role.assign&limit=1")).json()) as {
      data: { id: string; seq: number; hash: string; action: string }[];
    };
    const entry = list.data[0];
    expect(entry).toBeTruthy();

    await page.goto(`/audit?entry=${entry.id}`);
    const drawer = page.getByTestId("audit-drawer");
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole("heading", { name: "role.assign" })).toBeVisible();
    await expect(drawer).toContainText(`Entry #${entry.seq}`);
    await expect(drawer).toContainText(entry.hash);
    await expect(drawer.getByTestId("audit-diff").locator('[data-kind="changed"]')).toContainText("role");

    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(page).not.toHaveURL(/entry=/);
  });

  test("from an entry, one click lists every entry about its target, as /v1/audit?target= does", async ({ page }) => {
    const list = (await (await page.request.get("/v1/audit?action=role.assign&limit=1")).json()) as {
      data: { id: string; seq: number; target: { type: string; id: string | null } }[];
    };
    const entry = list.data[0];
    expect(entry.target.id).toBeTruthy();

    await page.goto(`/audit?entry=${entry.id}`);
    const drawer = page.getByTestId("audit-drawer");
    await expect(drawer.getByRole("link", { name: "All entries by this actor" })).toBeVisible();
    await shots(page, "audit-entry-drawer", { fullPage: "none" });
    await drawer.getByRole("link", { name: "All entries about this target" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]target=${entry.target.id}(&|$)`));
    await expect(page.getByTestId("audit-drawer")).toHaveCount(0);

    const api = (await (await page.request.get(`/v1/audit?target=${entry.target.id}&limit=50`)).json()) as {
      data: { seq: number }[];
    };
    expect(api.data.map((e) => e.seq)).toContain(entry.seq);
    const rows = page.getByTestId("audit-table").locator("tbody tr");
    await expect(rows).toHaveCount(api.data.length);
    await expect(rows.first().locator("td").last()).toHaveText(String(api.data[0].seq));
    await expect(page.getByLabel("Target")).toHaveValue(entry.target.id!);
    await shots(page, "audit-by-target", { fullPage: "wide" });
  });

  test("another tenant's or an unknown entry id shows a not-found notice, not a drawer", async ({ page }) => {
    await page.goto("/audit?entry=ae_00000000000000000000000000000000");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("does not exist in this tenant");
    await expect(page.getByTestId("audit-drawer")).toHaveCount(0);
  });

  test("the Export menu links to a signed export of the current filters", async ({ page }) => {
    await page.goto("/audit?outcome=failure");
    await page.getByRole("button", { name: "Export" }).click();
    const href = await page.getByRole("link", { name: /^CSV/ }).getAttribute("href");
    expect(href).toBe("/v1/audit/export?format=csv&outcome=failure");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text.startsWith("#warden-audit-export")).toBe(true);
    expect(text).toContain("auth.login_failed");
    expect(text).not.toContain(",success,");
  });
});

test("a viewer without audit.read is told so and sees no entries", async ({ page }) => {
  await signIn(page, "carol.johnson@acme.test", "Carol Johnson");
  await page.goto("/audit");
  await expect(page.getByTestId("audit-no-access")).toContainText("You don't have access to the audit trail");
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  expect((await page.request.get("/v1/audit")).status()).toBe(403);
});
