// npm run demo - the whole console on one machine: secrets, migrations, demo data and a
// production build served on http://HOSTNAME:PORT (default 127.0.0.1:3000). Honours
// DATABASE_URL (PostgreSQL) or WARDEN_DATA_DIR (embedded PGlite, default ./data).
// The database URL it is given is the owner's (a superuser is fine): it migrates with it, lets
// the runtime role warden_runtime log in with the password kept in .env.demo, and serves and
// seeds as warden_runtime only (ADR 0014). The console and gateway never see the owner's URL.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertSafeRuntimeRole } from "@/lib/db";
import { ConfigError, readDbConfig, readOwnerDbConfig, RUNTIME_ROLE, urlAsRole, type DbConfig } from "@/lib/db/config";
import { enableRuntimeLogin } from "@/lib/db/roles";
import { describeConnectError, openDatabase, switchToRuntimeRole, type Database } from "@/lib/db/runtime";
import { DEMO_OPERATOR_EMAIL, demoPassword } from "@/lib/idp-local/accounts";
import { localIdpIssuer, localPlatformClientEnv } from "@/lib/idp-local/clients";
import { startLocalIdp } from "@/lib/idp-local/server";
import { applyMigrations } from "@/lib/db/schema-engine";
import { seedDemo } from "@/lib/seed/seed-demo";
import { ensureDemoEnv } from "./lib/env-file";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function fail(message: string): never {
  console.error(`warden: ${message}`);
  process.exit(1);
}

async function prepareDatabase() {
  let config: DbConfig;
  try {
    config = readOwnerDbConfig();
  } catch (e) {
    fail((e as Error).message);
  }
  let db: Database | undefined;
  try {
    db = await openDatabase(config);
    const { applied } = await applyMigrations(db);
    console.log(
      `database: ${config.kind}${applied.length ? `, applied ${applied.length} migration(s)` : ", migrations up to date"}`,
    );
    if (config.kind === "postgresql") {
      // From here on only the runtime role: the owner's connection closes, children inherit the runtime URL.
      const password = process.env.WARDEN_DB_RUNTIME_PASSWORD;
      await enableRuntimeLogin(config.url!, password);
      await db.close();
      db = undefined;
      process.env.DATABASE_URL = urlAsRole(config.url!, RUNTIME_ROLE, password);
      delete process.env.WARDEN_DB_OWNER_URL;
      db = await openDatabase(readDbConfig());
    } else {
      await switchToRuntimeRole(db);
    }
    await assertSafeRuntimeRole(db);
    console.log(`database role: ${RUNTIME_ROLE} (not superuser, no BYPASSRLS, owns nothing)`);
    const s = await seedDemo(db);
    console.log(
      `demo data: ${s.tenants} tenants, ${s.customers} customers, ${s.teams} teams, ${s.users} users${s.auditEntries ? `, ${s.auditEntries} audit entries` : ""}`,
    );
  } catch (e) {
    fail(e instanceof ConfigError ? e.message : describeConnectError(config, e));
  } finally {
    await db?.close();
  }
}

async function main() {
  const envFile = path.resolve(process.env.WARDEN_ENV_FILE ?? path.join(root, ".env.demo"));
  const { created } = ensureDemoEnv(envFile);
  if (created.length) console.log(`secrets: generated ${created.join(", ")} into ${path.relative(root, envFile)}`);
  const port = process.env.PORT ?? "3000";
  const host = process.env.HOSTNAME ?? "127.0.0.1";
  process.env.AUTH_URL ??= `http://${host}:${port}`;
  process.env.AUTH_TRUST_HOST ??= "true";
  // The audit checkpoint witness lives outside the database (append-only JSONL).
  // (Production points this at storage the database writer cannot rewrite, e.g. a WORM bucket mount.)
  process.env.WARDEN_AUDIT_CHECKPOINT_FILE ??= path.resolve(
    process.env.WARDEN_DATA_DIR || "data",
    "audit-checkpoints.jsonl",
  );

  await prepareDatabase();

  // The local demo IdP, in this process, before the console starts (WARDEN_LOCAL_IDP=0 skips it
  // when the tenants use a real IdP).
  if (process.env.WARDEN_LOCAL_IDP !== "0") {
    // The outbound guard refuses plain http and loopback addresses; the opt-in names exactly the
    // IdP this process runs (host:port), added to whatever the operator listed (ADR 0015).
    const issuer = new URL(localIdpIssuer());
    process.env.WARDEN_OUTBOUND_ALLOW = [process.env.WARDEN_OUTBOUND_ALLOW, `${issuer.hostname}:${issuer.port}`]
      .filter(Boolean)
      .join(",");
    try {
      // The platform operators sign in through the same IdP's own client, as the demo operator
      // (lib/idp-local/accounts.ts), who is the first operator while none exists (ADR 0032).
      for (const [k, v] of Object.entries(localPlatformClientEnv())) process.env[k] ??= v;
      process.env.WARDEN_PLATFORM_OPERATORS ??= DEMO_OPERATOR_EMAIL;
      const idp = await startLocalIdp({ wardenOrigins: [process.env.AUTH_URL] });
      const pw = process.env.WARDEN_DEMO_PASSWORD ? "WARDEN_DEMO_PASSWORD" : `"${demoPassword()}"`;
      // No address here: the server's output must carry no e-mail (scripts/check-log-hygiene.mjs); the README lists the demo people.
      console.log(`local IdP: ${idp.issuer} (demo users as listed in the README, password ${pw})`);
    } catch (e) {
      fail(`the local IdP could not start: ${(e as Error).message} (set WARDEN_LOCAL_IDP_PORT to a free port)`);
    }
  }

  if (process.env.WARDEN_SKIP_BUILD !== "1" || !fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    const b = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
    if (b.status !== 0) fail("the production build failed (see above)");
  }
  console.log(`Warden console: http://${host}:${port}`);
  const server = spawn(process.execPath, [nextBin, "start", "-H", host, "-p", port], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  // --- governance: the lean gateway (scripts/gateway.ts) beside the console -----------------
  // With PostgreSQL it runs as its own process on GATEWAY_PORT (default 8080). An embedded
  // PGlite directory has exactly one owner (the console), so there the console's own
  // /v1/chat/completions serves the gateway instead.
  let gateway: ReturnType<typeof spawn> | null = null;
  if (process.env.DATABASE_URL) {
    const tsxBin = path.join(root, "node_modules", ".bin", "tsx");
    gateway = spawn(tsxBin, ["--conditions", "react-server", path.join(root, "scripts", "gateway.ts")], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
    });
  } else {
    console.log(
      `Warden gateway: http://${host}:${port}/v1/chat/completions (set DATABASE_URL for the lean gateway on :${process.env.GATEWAY_PORT ?? "8080"})`,
    );
  }
  // --- end governance ----------------------------------------------------------------------
  const stop = (sig: NodeJS.Signals) => {
    gateway?.kill(sig);
    server.kill(sig);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  server.on("exit", (code) => process.exit(code ?? 0));
}

void main();
