// Live console (ADR 0033) in Chromium, signed in through the local IdP as an Acme admin: with the
// Dashboard open, an alert raised through the product (a rule on /v1, an audit export, the
// evaluation endpoint) appears in its figures and risk items within 5 s and without a reload; the
// same on the Monitoring page's alert list. Polling pauses while the tab is hidden. Screenshots of
// the live Dashboard in light and dark, 1440 and 375 wide.
import { expect, test, type Page } from "@playwright/test";
import { shots, signIn } from "./support";

const RULE = "Any export (live e2e)";

/**
 * GET JSON through the page's request context, once more after a connection reset: the server
 * closes idle keep-alive sockets, and a GET sent on one just as it closes is reset.
 */
async function getJson<T>(page: Page, path: string): Promise<T> {
  const once = async () => (await page.request.get(path)).json() as Promise<T>;
  return once().catch((e: Error) => (/ECONNRESET|socket hang up/.test(e.message) ? once() : Promise.reject(e)));
}

/** The alert rule this spec raises alerts with (any export over 1 KB), created once. */
async function ensureRule(page: Page): Promise<string> {
  const rules = await getJson<{ data: { id: string; name: string }[] }>(page, "/v1/monitoring/rules");
  const found = rules.data.find((r) => r.name === RULE);
  if (found) return found.id;
  const created = await page.request.post("/v1/monitoring/rules", {
    headers: { origin: new URL(page.url()).origin },
    data: {
      name: RULE,
      type: "data_access",
      condition: "data_export_size > 1KB",
      action: "alert_security_team",
      severity: "high",
    },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** An export as the signed-in admin, then the evaluation endpoint: when the alert was raised. */
async function raiseAlert(page: Page): Promise<number> {
  const exp = await page.request.get("/v1/audit/export?format=jsonl&category=access");
  expect(exp.status()).toBe(200);
  const pass = await page.request.post("/v1/monitoring/evaluate", {
    headers: { origin: new URL(page.url()).origin },
    data: {},
  });
  expect(pass.status()).toBe(200);
  return Date.now();
}

/** The newest active alert of this spec's rule, from the API. */
async function newestAlert(page: Page): Promise<string> {
  const alerts = await getJson<{ data: { id: string; title: string; fired_at: string }[] }>(
    page,
    "/v1/alerts?status=active&limit=100",
  );
  const mine = alerts.data.filter((a) => a.title === RULE).sort((a, b) => b.fired_at.localeCompare(a.fired_at));
  expect(mine.length).toBeGreaterThan(0);
  return mine[0].id;
}

/** A value on window that a reload would clear. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __liveMark: number }).__liveMark = 42));
const stillSamePage = async (page: Page) =>
  expect(await page.evaluate(() => (window as unknown as { __liveMark?: number }).__liveMark)).toBe(42);

test.describe("as an Acme admin", () => {
  // The 5 s bounds below are the product's; the rest of each test (sign-in, screenshots) gets room on a busy machine.
  test.setTimeout(120_000);
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));
  test.afterAll(async ({ browser }) => {
    const page = await browser.newPage();
    await signIn(page, "alice.chen@acme.test", "Alice Chen");
    await page.request.delete(`/v1/monitoring/rules/${await ensureRule(page)}`, {
      headers: { origin: new URL(page.url()).origin },
    });
    await page.close();
  });

  test("an alert raised while the Dashboard is open appears within 5 s without a reload; polling pauses while hidden", async ({
    page,
  }) => {
    await page.goto("/");
    const indicator = page.getByTestId("live-indicator");
    await expect(indicator).toHaveAttribute("data-state", "live");
    await expect(indicator).toContainText("Live");
    await ensureRule(page);
    // The rule's creation is audited, so the page refreshes once; let it settle first.
    const count = page
      .getByRole("link", { name: /Active alerts/ })
      .locator("p")
      .nth(1);
    const api0 = await getJson<{ security_posture: { active_alerts: number } }>(page, "/v1/compliance/dashboard");
    await expect(count).toHaveText(String(api0.security_posture.active_alerts));
    await markPage(page);

    const raisedAt = await raiseAlert(page);
    await expect(count).not.toHaveText(String(api0.security_posture.active_alerts), { timeout: 5_000 });
    const shownAfter = Date.now() - raisedAt;
    expect(shownAfter).toBeLessThan(5_000);
    await stillSamePage(page);
    // What it shows is what the API counts, and the new alert is among the risk items.
    const api = await getJson<{ security_posture: { active_alerts: number } }>(page, "/v1/compliance/dashboard");
    await expect(count).toHaveText(String(api.security_posture.active_alerts));
    await expect(page.locator(`a[href="/monitoring?alert=${await newestAlert(page)}"]`)).toBeVisible();

    // Hidden: no version polls and the indicator says so; shown again: polls at once.
    const polls: string[] = [];
    page.on("request", (r) => r.url().includes("/v1/compliance/dashboard/version") && polls.push(r.url()));
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await expect(indicator).toHaveAttribute("data-state", "paused");
    const pausedAt = polls.length;
    await page.waitForTimeout(5_000);
    expect(polls.length).toBe(pausedAt);
    await page.evaluate(() => {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
      document.dispatchEvent(new Event("visibilitychange"));
    });
    await expect(indicator).toHaveAttribute("data-state", "live");
    await expect.poll(() => polls.length, { timeout: 3_000 }).toBeGreaterThan(pausedAt);

    await page.evaluate(() => window.scrollTo(0, 0));
    await shots(page, "live-dashboard", { fullPage: "wide" });
  });

  test("an alert raised while Monitoring is open appears in its alert list within 5 s without a reload", async ({
    page,
  }) => {
    await page.goto("/monitoring");
    await expect(page.getByTestId("live-indicator")).toHaveAttribute("data-state", "live");
    await ensureRule(page);
    const alerts = page.getByTestId("alert");
    const active = await getJson<{ data: unknown[] }>(page, "/v1/alerts?status=active&limit=100");
    await expect(alerts).toHaveCount(active.data.length);
    await markPage(page);

    const raisedAt = await raiseAlert(page);
    await expect(alerts).not.toHaveCount(active.data.length, { timeout: 5_000 });
    expect(Date.now() - raisedAt).toBeLessThan(5_000);
    await stillSamePage(page);
    const id = await newestAlert(page);
    await expect(page.locator(`#alert-${id}`)).toContainText(RULE);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shots(page, "live-monitoring", { fullPage: "none" });
  });
});
