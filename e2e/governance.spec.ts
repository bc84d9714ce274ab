// The governance console in Chromium, signed in through the local IdP as an Acme admin: a team
// and a virtual key with a budget are created through the sheets, the key's secret is shown
// once, a details sheet draws the usage chart from the same records /v1/usage counts, and every
// page fits a phone and a desktop in both themes (screenshots go to E2E_SHOTS_DIR when set).
import { expect, test, type Page } from "@playwright/test";
import { SHOTS_DIR, signIn } from "./support";

const SHOTS = SHOTS_DIR;

const sheet = (page: Page) => page.locator("dialog[open]");

test.describe("as an Acme admin", () => {
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));

  test("creates a team and a virtual key with a budget through the sheets; the secret is shown once", async ({
    page,
  }) => {
    const team = `E2E Team ${Date.now().toString(36)}`;
    await page.goto("/governance/teams");
    await page.getByRole("button", { name: "New team" }).click();
    await expect(sheet(page).getByRole("heading", { name: "New team" })).toBeVisible();
    // An empty name comes back as a field error from the server's schema.
    await sheet(page).getByRole("button", { name: "Create team" }).click();
    await expect(sheet(page).getByRole("alert")).toContainText("check the field");
    await sheet(page).getByLabel("Name", { exact: true }).fill(team);
    await sheet(page).getByRole("button", { name: "Add budget" }).click();
    await sheet(page).getByLabel("Budget 1 limit in USD").fill("50");
    await sheet(page).getByLabel("Budget 1 window").selectOption("1M");
    await sheet(page).getByRole("button", { name: "Create team" }).click();
    await expect(sheet(page)).toHaveCount(0);
    // The list is searched on the server: typing writes ?q= into the URL and the page re-renders.
    await page.getByLabel("Search teams").fill(team.slice(4));
    await expect(page).toHaveURL(/[?&]q=Team\+/);
    await expect(page.getByRole("button", { name: team, exact: true })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Teams pages" })).toHaveText(/Showing 1–1 of 1/);

    const key = `e2e-key-${Date.now().toString(36)}`;
    await page.goto("/governance/virtual-keys");
    await page.getByRole("button", { name: "New virtual key" }).click();
    await sheet(page).getByLabel("Name", { exact: true }).fill(key);
    await sheet(page).getByLabel("Belongs to").selectOption("team");
    // The owner picker searches on the server as one types; the keyboard picks the match.
    const picker = sheet(page).getByRole("combobox", { name: "Team", exact: true });
    await picker.fill(team.slice(4));
    await expect(picker).toHaveAttribute("aria-expanded", "true");
    const options = sheet(page).getByRole("listbox").getByRole("option");
    await expect(options).toHaveCount(1);
    await expect(options.first()).toHaveText(team);
    // Escape closes the list, not the sheet; an arrow key opens it again.
    await picker.press("Escape");
    await expect(picker).toHaveAttribute("aria-expanded", "false");
    await expect(sheet(page).getByRole("heading", { name: "New virtual key" })).toBeVisible();
    await picker.press("ArrowDown");
    await expect(picker).toHaveAttribute("aria-expanded", "true");
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await picker.press("Enter");
    await expect(picker).toHaveAttribute("aria-expanded", "false");
    await expect(picker).toHaveValue(team);
    await expect(picker).toHaveAttribute("data-value", /^tm_/);
    await sheet(page).getByLabel("Add to allowed providers").fill("openai");
    await sheet(page).getByLabel("Add to allowed providers").press("Enter");
    await sheet(page).getByLabel("Add to allowed models").fill("gpt-4o-mini");
    await sheet(page).getByLabel("Add to allowed models").press("Enter");
    await sheet(page).getByRole("button", { name: "Add budget" }).click();
    await sheet(page).getByLabel("Budget 1 limit in USD").fill("10");
    await sheet(page).getByLabel("Budget 1 reset").selectOption("rolling");
    await expect(sheet(page)).toContainText("Rolling: the first window starts when the budget is saved");
    await sheet(page).getByRole("button", { name: "Create key" }).click();

    const secret = sheet(page).getByTestId("vk-secret");
    await expect(secret).toHaveText(/^wvk_[A-Za-z0-9_-]{20,}$/);
    const value = (await secret.textContent())!;
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/vk-secret-once-1440-light.png` });
    await sheet(page).getByRole("button", { name: "I have stored it" }).click();
    await expect(sheet(page)).toHaveCount(0);
    const row = page.getByRole("row").filter({ hasText: key });
    await expect(row).toContainText(team);
    await expect(row).toContainText("active");

    // Once closed, the secret is nowhere: not in the page, not in the API.
    await page.reload();
    await expect(page.getByRole("button", { name: key, exact: true })).toBeVisible();
    expect(await page.content()).not.toContain(value);
    const list = await (await page.request.get("/v1/virtual-keys?limit=200")).text();
    expect(list).toContain(key);
    expect(list).not.toContain(value);

    // Its details show the rolling budget at $0 spent.
    await page.getByRole("button", { name: key, exact: true }).click();
    await expect(sheet(page).getByRole("meter", { name: "Spend against budget" })).toBeVisible();
    await expect(sheet(page)).toContainText("$0.00 of $10.00");
    await page.keyboard.press("Escape");

    // Rotate: a new secret, once; the old key shows as rotating during the overlap.
    await page.getByRole("button", { name: `Rotate ${key}` }).click();
    await page.getByLabel("Keep the old secret valid for").selectOption({ label: "24 hours" });
    await page.getByRole("button", { name: "Rotate key" }).click();
    const rotated = page.getByTestId("vk-secret");
    await expect(rotated).toHaveText(/^wvk_/);
    expect(await rotated.textContent()).not.toBe(value);
    await page.getByRole("button", { name: "I have stored it" }).click();
    const rows = page.getByRole("row").filter({ hasText: key });
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "rotating" })).toHaveCount(1);

    // Revoke the new key: it stays listed as revoked, with no actions left.
    const fresh = rows.filter({ hasText: "active" });
    await fresh.getByRole("button", { name: `Revoke ${key}` }).click();
    await page.getByRole("button", { name: "Revoke key" }).click();
    await expect(rows.filter({ hasText: "revoked" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "revoked" }).getByRole("button", { name: `Revoke ${key}` })).toHaveCount(0);
  });

  test("a team's details sheet draws its usage chart from the records /v1/usage counts", async ({ page }) => {
    const teams = (await (await page.request.get("/v1/teams?limit=200")).json()) as {
      data: { id: string; name: string }[];
    };
    const team = teams.data.find((t) => t.name === "Platform Engineering")!;
    const today = new Date();
    const from = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 29 * 86_400_000,
    ).toISOString();
    const usage = (await (await page.request.get(`/v1/usage?team_id=${team.id}&from=${from}&limit=1`)).json()) as {
      totals: { requests: number };
    };
    expect(usage.totals.requests).toBeGreaterThan(0);

    await page.goto("/governance/teams");
    await page.getByRole("button", { name: "Platform Engineering", exact: true }).click();
    await expect(sheet(page).getByTestId("total-requests")).toHaveText(usage.totals.requests.toLocaleString("en-US"));
    const bars = sheet(page).locator("[data-testid=usage-chart] .recharts-bar-rectangle");
    await expect(bars.first()).toBeVisible();
    expect(await bars.count()).toBeGreaterThan(5);
    await sheet(page).getByRole("button", { name: "Requests", exact: true }).click();
    await expect(sheet(page).getByRole("img", { name: /Requests per day/ })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(sheet(page)).toHaveCount(0);
  });

  const PAGES = ["", "/customers", "/teams", "/users", "/virtual-keys", "/providers", "/budgets"];
  for (const theme of ["light", "dark"] as const) {
    for (const width of [375, 1440]) {
      test(`every governance page fits ${width}px in the ${theme} theme`, async ({ page }) => {
        await page.addInitScript((t) => localStorage.setItem("warden-theme", t), theme);
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize({ width, height: width < 500 ? 812 : 900 });
        for (const p of PAGES) {
          await page.goto(`/governance${p}`);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          if (theme === "dark") await expect(page.locator("html")).toHaveClass(/dark/);
          else await expect(page.locator("html")).not.toHaveClass(/dark/);
          // The page itself never scrolls sideways (wide tables scroll inside their card).
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect([p, overflow]).toEqual([p, 0]);
          if (SHOTS)
            await page.screenshot({
              path: `${SHOTS}/governance${p.replace("/", "-") || "-overview"}-${width}-${theme}.png`,
              fullPage: true,
            });
        }
        await page.goto("/governance/virtual-keys");
        await page.getByRole("button", { name: "New virtual key" }).click();
        await expect(sheet(page).getByRole("heading", { name: "New virtual key" })).toBeVisible();
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/sheet-create-key-${width}-${theme}.png` });
        // The owner picker opened without typing: the first 20 teams by name, from the server.
        const picker = sheet(page).getByRole("combobox", { name: "Team", exact: true });
        await picker.click();
        const options = sheet(page).getByRole("listbox").getByRole("option");
        await expect(options.first()).toBeVisible();
        await picker.press("ArrowDown");
        await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
        const sheetOverflow = await sheet(page).evaluate((d) => d.scrollWidth - d.clientWidth);
        expect(sheetOverflow).toBe(0);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/owner-picker-open-${width}-${theme}.png` });
        await page.keyboard.press("Escape");
        await expect(picker).toHaveAttribute("aria-expanded", "false");
        await page.keyboard.press("Escape");
        await expect(sheet(page)).toHaveCount(0);
        await page.goto("/governance/customers");
        // Sorting goes through the URL: a header on a wide screen, the sort menu on a phone.
        if (width >= 640) {
          const keysHeader = page.getByRole("columnheader", { name: /Keys/ });
          await keysHeader.getByRole("button").click();
          await expect(keysHeader).toHaveAttribute("aria-sort", "descending");
        } else {
          await expect(page.getByRole("table")).toBeHidden();
          await page.getByLabel("Sort customers by").selectOption("keys:desc");
        }
        await expect(page).toHaveURL(/sort=keys&dir=desc/);
        // Internal Platform's teams have seeded usage, so the chart has bars to draw.
        await page.getByLabel("Search customers").fill("internal");
        await expect(page).toHaveURL(/q=internal/);
        await page.getByRole("button", { name: "Internal Platform", exact: true }).click();
        await expect(sheet(page).locator("[data-testid=usage-chart] .recharts-bar-rectangle").first()).toBeVisible();
        await page.mouse.move(1, 1);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/sheet-details-customer-${width}-${theme}.png` });
        await page.keyboard.press("Escape");
        await expect(sheet(page)).toHaveCount(0);
        // The limits sheet chooses a new owner with the same two fields as the key sheet.
        await page.goto("/governance/budgets");
        await page.getByRole("button", { name: "Set limits" }).click();
        await sheet(page).getByLabel("Owner type").selectOption("customer");
        const owner = sheet(page).getByRole("combobox", { name: "Customer", exact: true });
        await owner.click();
        await sheet(page).getByRole("listbox").getByRole("option").first().click();
        await expect(owner).toHaveAttribute("data-value", /^cus_/);
        expect(await sheet(page).evaluate((d) => d.scrollWidth - d.clientWidth)).toBe(0);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/sheet-set-limits-${width}-${theme}.png` });
        // Saved through PUT /v1/limits: the customer's limits are what the sheet held, and the
        // list's Edit reopens them (GET /v1/limits).
        const customerId = (await owner.getAttribute("data-value"))!;
        const amount = `${(width % 1000) + (theme === "dark" ? 1 : 0)}`;
        if ((await sheet(page).getByTestId("budget-row").count()) === 0)
          await sheet(page).getByRole("button", { name: "Add budget" }).click();
        await sheet(page).getByLabel("Budget 1 limit in USD").fill(amount);
        await sheet(page).getByRole("button", { name: "Save limits" }).click();
        await expect(sheet(page)).toHaveCount(0);
        const saved = await (await page.request.get(`/v1/limits/customer/${customerId}`)).json();
        expect(saved.budgets[0].limit_usd).toBe(Number(amount));
        await page.getByLabel("Search budgets").fill(saved.owner);
        await page
          .getByRole("button", { name: `Edit limits of ${saved.owner}` })
          .first()
          .click();
        await expect(sheet(page).getByLabel("Budget 1 limit in USD")).toHaveValue(amount);
        await page.keyboard.press("Escape");
      });
    }
  }
});

test.describe("a long list", () => {
  test.beforeEach(async ({ page }) => signIn(page, "alice.chen@acme.test", "Alice Chen"));

  test("pages on the server through the URL, and shows cards without sideways scroll at 375 px", async ({ page }) => {
    // More keys than one page holds, created through the API as the signed-in admin.
    const teams = (await (await page.request.get("/v1/teams?limit=200")).json()) as {
      data: { id: string; name: string }[];
    };
    const team = teams.data.find((t) => t.name === "Data Science")!;
    const tag = `pg-${Date.now().toString(36)}`;
    for (let i = 1; i <= 25; i++) {
      const r = await page.request.post("/v1/virtual-keys", {
        headers: { origin: new URL(page.url()).origin },
        data: { name: `${tag}-${String(i).padStart(2, "0")}`, team_id: team.id },
      });
      expect(r.status()).toBe(201);
    }
    await page.goto(`/governance/virtual-keys?q=${tag}&sort=name&dir=asc`);
    const nav = page.getByRole("navigation", { name: "Virtual keys pages" });
    await expect(nav).toContainText("Showing 1–20 of 25");
    await expect(nav).toContainText("Page 1 of 2");
    const nameHeader = page.getByRole("columnheader", { name: /Key/ });
    await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
    await nav.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(nav).toContainText("Showing 21–25 of 25");
    await expect(page.getByRole("button", { name: `${tag}-21`, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: `${tag}-01`, exact: true })).toHaveCount(0);
    // A new sort starts again at page 1; the keyboard reaches the header button.
    await nameHeader.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/dir=desc/);
    await expect(page).not.toHaveURL(/page=/);
    await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
    await expect(page.getByRole("table").locator("tbody tr").first()).toContainText(`${tag}-25`);
    // Unknown input falls back to the defaults instead of failing.
    await page.goto(`/governance/virtual-keys?q=${tag}&sort=secret_hash&dir=up&page=abc`);
    await expect(nav).toContainText("Showing 1–20 of 25");

    await page.setViewportSize({ width: 375, height: 812 });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => localStorage.setItem("warden-theme", t), theme);
      await page.goto(`/governance/virtual-keys?q=${tag}&sort=name&dir=asc`);
      await expect(page.getByRole("table")).toBeHidden();
      const items = page.getByRole("list", { name: "Virtual keys" }).getByRole("listitem");
      await expect(items).toHaveCount(20);
      await expect(items.first()).toContainText("Owner");
      await expect(items.first()).toContainText("Data Science");
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      if (SHOTS)
        await page.screenshot({ path: `${SHOTS}/governance-virtual-keys-paged-375-${theme}.png`, fullPage: true });
    }
    await page.getByRole("button", { name: `${tag}-01`, exact: true }).click();
    await expect(sheet(page).getByRole("heading", { name: `${tag}-01` })).toBeVisible();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: `Revoke ${tag}-02` }).click();
    await page.getByRole("button", { name: "Revoke key" }).click();
    await expect(cards(page, `${tag}-02`)).toContainText("revoked");
  });
});

const cards = (page: Page, text: string) =>
  page.getByRole("list", { name: "Virtual keys" }).getByRole("listitem").filter({ hasText: text });

test("a developer sees governance read-only except for virtual keys", async ({ page }) => {
  await signIn(page, "bob.martinez@acme.test", "Bob Martinez");
  await page.goto("/governance/teams");
  await expect(page.getByRole("button", { name: "New team" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "New team" })).toHaveAttribute("data-denied", "teams.write");
  await expect(page.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  await page.goto("/governance/providers");
  await expect(page.getByRole("button", { name: "New provider" })).toBeDisabled();
  await page.goto("/governance/virtual-keys");
  await expect(page.getByRole("button", { name: "New virtual key" })).toBeEnabled();
  await page.goto("/governance/users");
  await expect(page.getByText("You don't have access to this page")).toBeVisible();
});
