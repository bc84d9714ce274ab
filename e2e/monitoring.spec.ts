// Compliance monitoring in Chromium, signed in through the local IdP as an Acme admin: the
// dashboard shows the active alerts the API counts, the Monitoring page validates a condition
// live, creates a rule, acknowledges an alert, approves another admin's export and shows the
// deliveries that are waiting for SMTP. Screenshots in light and dark, 1440 and 375 wide.
import { expect, test } from "@playwright/test";
import { shots, signIn } from "./support";

test.describe("as an Acme admin", () => {
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));

  test("the dashboard shows the active alerts and alert risk items the API computes", async ({ page }) => {
    const api = (await (await page.request.get("/v1/compliance/dashboard")).json()) as {
      security_posture: { active_alerts: number };
      risk_assessment: { items: { source: string; title: string }[] };
    };
    expect(api.security_posture.active_alerts).toBeGreaterThan(0);
    const alerts = (await (await page.request.get("/v1/alerts?status=active")).json()) as { data: unknown[] };
    expect(api.security_posture.active_alerts).toBe(alerts.data.length);
    await page.goto("/");
    const stat = page.getByRole("link", { name: /Active alerts/ });
    await expect(stat).toContainText(String(api.security_posture.active_alerts));
    const alertItems = api.risk_assessment.items.filter((i) => i.source === "alert");
    expect(alertItems.length).toBe(api.security_posture.active_alerts);
    await expect(page.getByTestId("risk-item").filter({ hasText: alertItems[0].title }).first()).toBeVisible();
    await shots(page, "dashboard");
    await stat.click();
    await expect(page).toHaveURL(/\/monitoring#alerts$/);
  });

  test("a condition is validated live, a rule is created, an alert acknowledged and another admin's export approved", async ({
    page,
  }) => {
    await page.goto("/monitoring");
    await expect(page.getByTestId("rule").filter({ hasText: "failed_logins > 10 in 1h" })).toBeVisible();
    // The page lists every rule the API has: the demo's three, and "Break-glass sign-in" (stored
    // disabled) once break-glass.spec has turned that feature on in this tenant.
    const listed = ((await (await page.request.get("/v1/monitoring/rules")).json()) as { data: { name: string }[] })
      .data;
    expect(listed.length).toBeGreaterThanOrEqual(3);
    await expect(page.getByTestId("rule")).toHaveCount(listed.length);

    await page.getByRole("button", { name: "New rule" }).click();
    await page.getByLabel("Name").fill("Admin grants");
    const cond = page.getByLabel("Condition");
    await cond.fill("new_admin > 0 in 24h");
    await expect(page.locator("#rule-condition-help")).toContainText("Unknown metric 'new_admin'");
    await expect(page.getByRole("button", { name: "Create rule" })).toBeDisabled();
    await cond.fill("new_admins > 0 in 24h");
    await expect(page.locator("#rule-condition-help")).toContainText("Valid: new_admins > 0 in 24h");
    await page.getByLabel("Severity").selectOption("high");
    await page.getByRole("button", { name: "Create rule" }).click();
    await expect(page.getByTestId("rule")).toHaveCount(listed.length + 1);
    const rules = (await (await page.request.get("/v1/monitoring/rules")).json()) as {
      data: { name: string; condition: string }[];
    };
    expect(rules.data.find((r) => r.name === "Admin grants")?.condition).toBe("new_admins > 0 in 24h");

    // Acknowledge an open alert: the history grows and the API agrees.
    // An open alert is one that offers "Acknowledge" (an acknowledged one shows "open" in its history).
    const open = page
      .getByTestId("alert")
      .filter({ has: page.getByRole("button", { name: "Acknowledge" }) })
      .first();
    await expect(open).toContainText("open");
    await open.getByLabel(/Note for/).fill("on it");
    await open.getByRole("button", { name: "Acknowledge" }).click();
    await expect(page.getByTestId("alert").filter({ hasText: "on it" }).first()).toContainText("acknowledged");
    const acked = (await (await page.request.get("/v1/alerts?status=acknowledged")).json()) as {
      data: { history: { status: string; by: string; note?: string }[] }[];
    };
    expect(
      acked.data.some((a) =>
        a.history.some((h) => h.status === "acknowledged" && h.note === "on it" && h.by === "alice.chen@acme.test"),
      ),
    ).toBe(true);

    // The seeded export request is Rahul's: Alice may decide it.
    const approval = page
      .getByTestId("approval")
      .filter({ hasText: "rahul.mehta@acme.test" })
      .filter({ hasText: "pending" })
      .first();
    await expect(approval).toBeVisible();
    await approval.getByRole("button", { name: "Approve" }).click();
    await expect(
      page.getByTestId("approval").filter({ hasText: "approved by alice.chen@acme.test" }).first(),
    ).toBeVisible();

    // Deliveries wait visibly for SMTP (the demo sets no SMTP_URL).
    await expect(page.getByTestId("delivery").filter({ hasText: "SMTP is not configured" }).first()).toBeVisible();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shots(page, "monitoring");
  });

  test("the requester of an export cannot approve it", async ({ page }) => {
    const res = await page.request.get("/v1/monitoring/rules");
    expect(res.status()).toBe(200);
    // A gate any export matches, then an export as Alice: 202 with an approval she cannot approve.
    const created = await page.request.post("/v1/monitoring/rules", {
      headers: { origin: new URL(page.url()).origin },
      data: {
        name: "Every export",
        type: "data_access",
        condition: "data_export_size > 1KB",
        action: "require_approval",
        severity: "medium",
      },
    });
    expect(created.status()).toBe(201);
    const blocked = await page.request.get("/v1/audit/export?format=json&category=admin");
    expect(blocked.status()).toBe(202);
    const { approval_id } = (await blocked.json()) as { approval_id: string };
    const self = await page.request.post(`/v1/approvals/${approval_id}/approve`, {
      headers: { origin: new URL(page.url()).origin },
      data: {},
    });
    expect(self.status()).toBe(403);
    await page.goto("/monitoring#approvals");
    await expect(page.getByTestId("approval").filter({ hasText: approval_id })).toContainText(
      "another admin must decide it",
    );
    await page.request.delete(`/v1/monitoring/rules/${((await created.json()) as { id: string }).id}`, {
      headers: { origin: new URL(page.url()).origin },
    });
  });
});
