// Settings -> API reference in Chromium, signed in through the local IdP as an Acme admin: the
// search narrows the operations, an operation opens to its details, and "Copy as curl" puts a
// command on the clipboard that targets this very origin with the API key as a shell variable.
import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("an admin finds /v1/customers, opens it and copies it as curl", async ({ page }) => {
  await signIn(page, "alice.chen@acme.test", "Alice Chen");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/settings\/api$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();

  const operations = page.getByTestId("api-operation");
  await expect(page.locator('[data-testid="api-operation"][data-path="/v1/audit/verify"]')).toHaveCount(1);
  await page.getByLabel("Search the API").fill("customers");
  await expect(page.locator('[data-testid="api-operation"][data-path="/v1/audit/verify"]')).toHaveCount(0);
  const paths = await operations.evaluateAll((els) => els.map((el) => el.getAttribute("data-path") ?? ""));
  expect(paths.length).toBeGreaterThan(0);
  expect(paths.every((p) => p.includes("customers"))).toBe(true);

  const list = page.locator('[data-testid="api-operation"][data-method="GET"][data-path="/v1/customers"]');
  await list.locator("summary").click();
  await expect(list).toHaveAttribute("open", "");
  // The outline does not skip a level: the tag is an h2, the open operation an h3, its sections h4.
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();
  await expect(list.getByRole("heading", { level: 3, name: "GET /v1/customers" })).toHaveCount(1);
  expect(await list.getByRole("heading", { level: 4 }).count()).toBeGreaterThan(0);
  await expect(list.getByText("customers.read", { exact: true }).first()).toBeVisible();
  await expect(list.getByTestId("curl-command")).toContainText("/v1/customers");

  await list.getByRole("button", { name: "Copy as curl" }).click();
  await expect(list.getByRole("status")).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const origin = new URL(page.url()).origin;
  expect(copied).toContain(`'${origin}/v1/customers`);
  expect(copied).toContain(`-H "Authorization: Bearer $WARDEN_API_KEY"`);
});
