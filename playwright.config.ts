// End-to-end tests in Debian Chromium against the production build served by `npm run demo`
// on a throwaway embedded database.
import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3211);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `warden-e2e-${process.pid}`);
export const baseURL = `http://127.0.0.1:${port}`;
// Everything the server prints, kept for the log hygiene check that scripts/test-all.sh runs
// after the suite (scripts/check-log-hygiene.mjs: no demo secret, no e-mail address).
const serverLog = process.env.E2E_SERVER_LOG ?? path.join(os.tmpdir(), `warden-e2e-server-${process.pid}.log`);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-dev-shm-usage",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    command: `npm run demo 2>&1 | tee ${JSON.stringify(serverLog)}`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      WARDEN_DATA_DIR: dataDir,
      WARDEN_ENV_FILE: path.join(dataDir, ".env.e2e"),
      WARDEN_SKIP_BUILD: process.env.WARDEN_SKIP_BUILD ?? "0",
      DATABASE_URL: "",
      WARDEN_LOCAL_IDP_PORT: process.env.E2E_IDP_PORT ?? String(port + 1),
      // Lets the specs change a person at the local IdP (demo / test only; e2e/support.ts).
      WARDEN_LOCAL_IDP_ADMIN_TOKEN: "e2e-local-idp-admin-token",
      // Every spec signs the same demo people in from 127.0.0.1 within minutes; the production
      // throttle (10 per e-mail, 60 per address per 10 min) would refuse the suite itself. The
      // throttle has its own server tests (tests/server/sso-session.test.ts).
      WARDEN_SIGNIN_MAX_PER_EMAIL: "200",
      WARDEN_SIGNIN_MAX_PER_IP: "1000",
    },
  },
});
