// The console answers from a fresh build: health, the sign-in page, and the shell's guard.
import { expect, test } from "@playwright/test";

test("health reports the embedded database with migrations applied", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("ok");
  expect(body.database).toMatchObject({
    kind: "pglite",
    reachable: true,
    migrations: { state: "up_to_date", pending: [] },
  });
  expect(body.database.migrations.applied).toBeGreaterThan(0);
  expect(res.headers()["x-request-id"]).toMatch(/^req_/);
});

test("an incoming request id and traceparent are echoed", async ({ request }) => {
  const res = await request.get("/api/health", {
    headers: {
      "x-request-id": "e2e-request-0001",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    },
  });
  expect(res.headers()["x-request-id"]).toBe("e2e-request-0001");
  expect(res.headers()["traceparent"]).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
});

test("the console redirects an anonymous visitor to the sign-in page", async ({ page }) => {
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});
