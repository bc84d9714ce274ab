// npm run bench:gateway [-- --duration 30 --rates 500,1000] - latency the gateway adds to a
// direct upstream call, at fixed request rates. Every part runs in its own process: the
// fixture upstream, the lean gateway (scripts/gateway.ts) on a throwaway PostgreSQL database,
// and an open-loop generator (scripts/bench-load.ts). After a warm-up the variants alternate
// (direct, gateway, direct, ...) in rounds of <= 5 s; figures are medians over rounds.
// First it prints what the compliance detectors add on a 4 KB prompt (measured in-process);
// `--detectors-only` stops there. The gateway's GET /metrics is scraped before its first and
// after its last round: the admitted-count delta must equal the requests the generator sent.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { openDatabase } from "@/lib/db/runtime";
import { readDbConfig, RUNTIME_ROLE, urlAsRole } from "@/lib/db/config";
import { enableRuntimeLogin } from "@/lib/db/roles";
import { applyMigrations } from "@/lib/db/schema-engine";
import { replaceLimits } from "@/lib/governance/limits";
import { createVirtualKey } from "@/lib/governance/virtual-keys";
import { createTenant } from "@/lib/tenancy/provision";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { benchDetectors } from "./lib/bench-detectors";
import { DEMO_SECRETS } from "./lib/env-file";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");
// The gateway runs as a plain node process with tsx as a loader (not the tsx CLI, which would
// put a second process in between), so its CPU time can be read from /proc/<pid>/stat.
// BENCH_GATEWAY_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
const GW_NODE_ARGS = (process.env.BENCH_GATEWAY_NODE_ARGS ?? "").split(" ").filter(Boolean);
const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const DURATION = Number(arg("duration", "30"));
const RATES = arg("rates", "500,1000").split(",").map(Number);
const UP_PORT = Number(process.env.BENCH_UPSTREAM_PORT || 3401);
const GW_PORT = Number(process.env.GATEWAY_PORT || 8080);
const PG_URL =
  process.env.WARDEN_BENCH_PG_URL || process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

// A throwaway database gets throwaway secrets (key creation is audited, the gateway seals
// nothing it keeps): a fresh clone runs this with nothing set. The gateway child inherits them.
for (const [name, make] of Object.entries(DEMO_SECRETS)) process.env[name] ||= make();

const children: ChildProcess[] = [];
function start(
  args: string[],
  env: Record<string, string | undefined>,
  ready: RegExp,
  nodeArgs?: string[],
): Promise<ChildProcess> {
  const p = nodeArgs
    ? spawn(process.execPath, [...nodeArgs, "--conditions", "react-server", "--import", "tsx", ...args], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "inherit"],
      })
    : spawn(tsx, ["--conditions", "react-server", ...args], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "inherit"],
      });
  children.push(p);
  return new Promise((resolve, reject) => {
    p.stdout!.on("data", (d: Buffer) => ready.test(d.toString()) && resolve(p));
    p.on("exit", (c) => reject(new Error(`${args[0]} exited with ${c}`)));
  });
}

function load(
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
): Promise<{ latencies: number[]; errors: number }> {
  const body = JSON.stringify({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Say hello" }],
    max_tokens: 16,
  });
  const p = spawn(
    tsx,
    [path.join(root, "scripts", "bench-load.ts"), JSON.stringify({ url, headers, body, rate, seconds })],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  p.stdout.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => p.on("exit", () => resolve(JSON.parse(out))));
}

/** CPU time (user + system, ms) a process has used so far; null where /proc is not available. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}
/** CPU time (ms) per PostgreSQL server process on this machine (the bench's database work). */
function pgCpuMs(): Map<number, number> | null {
  try {
    const out = new Map<number, number>();
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
        out.set(Number(pid), cpuMs(Number(pid)) ?? 0);
      } catch {
        // the process ended while we looked
      }
    }
    return out;
  } catch {
    return null;
  }
}
/** CPU used between two readings: processes alive at both, plus those started in between (one that ended is not counted). */
function pgCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}
const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const METRICS_TOKEN = randomBytes(24).toString("base64url");
/** Sum of one metric's samples whose labels include `labels`, from the gateway's /metrics. */
async function scrape(name: string, labels: Record<string, string>): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${GW_PORT}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of (await res.text()).split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
const admitted = () => scrape("warden_gateway_admissions_total", { outcome: "admitted" });
const answered = () => scrape("warden_http_requests_total", { route: "/v1/chat/completions" });

async function setup(dbName: string) {
  const u = new URL(PG_URL);
  u.pathname = `/${dbName}`;
  // Migrated as the owner; set up and measured as the runtime role, as production runs (ADR 0014).
  const owner = await openDatabase(readDbConfig({ DATABASE_URL: u.toString() }));
  await applyMigrations(owner);
  await owner.close();
  await enableRuntimeLogin(u.toString());
  const runtimeUrl = urlAsRole(u.toString(), RUNTIME_ROLE);
  const db = await openDatabase(readDbConfig({ DATABASE_URL: runtimeUrl }));
  const tenantId = (await createTenant({ slug: "bench", name: "Bench" }, db)).id;
  const key = await withTenant(
    tenantId,
    async (tx) => {
      const c = await tx.customer.create({ data: { tenantId, name: "Bench customer" } });
      const p = await tx.provider.create({
        data: { tenantId, name: "local", baseUrl: `http://127.0.0.1:${UP_PORT}/v1` },
      });
      await tx.modelPrice.create({
        data: { tenantId, providerId: p.id, model: "gpt-4o-mini", inputPer1mUsd: 0.15, outputPer1mUsd: 0.6 },
      });
      await replaceLimits(tx, "customer", c.id, {
        budgets: [{ limit_usd: 1e6, window: "1M", mode: "calendar" }],
      });
      const actor = {
        tenantId,
        kind: "system" as const,
        subject: "bench",
        authMethod: "system" as const,
        requestId: "req_bench_setup",
      };
      return createVirtualKey(tx, actor, {
        name: "bench",
        customer_id: c.id,
        allowed_providers: ["*"],
        allowed_models: ["*"],
        budgets: [{ limit_usd: 1e6, window: "1d", mode: "calendar" }],
      });
    },
    { db },
  );
  await db.close();
  return { url: runtimeUrl, secret: key.secret };
}

async function main() {
  benchDetectors();
  if (process.argv.includes("--detectors-only")) return;
  const dbName = `warden_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  try {
    const { url, secret } = await setup(dbName);
    await start([path.join(root, "scripts", "bench-upstream.ts"), String(UP_PORT)], {}, /upstream ready/);
    const gwProc = await start(
      [path.join(root, "scripts", "gateway.ts")],
      {
        DATABASE_URL: url,
        GATEWAY_PORT: String(GW_PORT),
        WARDEN_DATA_DIR: undefined,
        WARDEN_OUTBOUND_ALLOW: `127.0.0.1:${UP_PORT}`,
        WARDEN_METRICS_TOKEN: METRICS_TOKEN,
        WARDEN_METRICS_ADDR: undefined,
      },
      /gateway listening/,
      GW_NODE_ARGS,
    );
    const direct = { url: `http://127.0.0.1:${UP_PORT}/v1/chat/completions`, headers: {} };
    const gw = { url: `http://127.0.0.1:${GW_PORT}/v1/chat/completions`, headers: { "x-bf-vk": secret } };
    console.log(
      `warm-up (3 s each), then ${DURATION} s per variant per rate in rounds of <= 5 s, alternating direct/gateway`,
    );
    await load(direct.url, direct.headers, 300, 3);
    const scraped0 = { admitted: await admitted(), answered: await answered() };
    let sent = 0;
    const warm = await load(gw.url, gw.headers, 300, 3);
    sent += warm.latencies.length + warm.errors;
    const rows = [];
    for (const rate of RATES) {
      const rounds = Math.max(1, Math.ceil(DURATION / 5));
      const secs = DURATION / rounds;
      const r = {
        direct: { p50: [] as number[], p99: [] as number[], errors: 0 },
        gateway: { p50: [] as number[], p99: [] as number[], errors: 0 },
      };
      let gwCpu = 0;
      let pgCpu = 0;
      let gwRequests = 0;
      for (let i = 0; i < rounds; i++) {
        for (const [name, v] of [
          ["direct", direct],
          ["gateway", gw],
        ] as const) {
          const c0 = name === "gateway" ? cpuMs(gwProc.pid) : null;
          const p0 = name === "gateway" ? pgCpuMs() : null;
          const res = await load(v.url, v.headers, rate, secs);
          if (name === "gateway") sent += res.latencies.length + res.errors;
          const c1 = name === "gateway" ? cpuMs(gwProc.pid) : null;
          const p1 = name === "gateway" ? pgCpuMs() : null;
          if (p0 && p1) pgCpu += pgCpuDelta(p0, p1);
          if (c0 !== null && c1 !== null) {
            gwCpu += c1 - c0;
            gwRequests += Math.round(rate * secs);
          }
          r[name].p50.push(pct(res.latencies, 50));
          r[name].p99.push(pct(res.latencies, 99));
          r[name].errors += res.errors;
        }
      }
      console.log(
        `${rate} req/s, p99 per round (ms): direct ${r.direct.p99.map((x) => x.toFixed(1)).join(" ")}; gateway ${r.gateway.p99.map((x) => x.toFixed(1)).join(" ")}`,
      );
      const d50 = median(r.direct.p50),
        d99 = median(r.direct.p99),
        g50 = median(r.gateway.p50),
        g99 = median(r.gateway.p99);
      rows.push({
        rate,
        d50,
        d99,
        g50,
        g99,
        add50: g50 - d50,
        add99: g99 - d99,
        errors: r.direct.errors + r.gateway.errors,
        gwErrors: r.gateway.errors,
        cpu: gwRequests ? gwCpu / gwRequests : NaN,
        pg: gwRequests ? pgCpu / gwRequests : NaN,
      });
    }
    const f = (x: number) => x.toFixed(2).padStart(7);
    console.log(
      "\nreq/s | direct p50   p99 | gateway p50   p99 | added p50   p99 | errors (gateway) | CPU ms/req: gateway, PostgreSQL",
    );
    for (const x of rows)
      console.log(
        `${String(x.rate).padStart(5)} | ${f(x.d50)} ${f(x.d99)} | ${f(x.g50)} ${f(x.g99)} | ${f(x.add50)} ${f(x.add99)} | ${x.errors} (${x.gwErrors}) | ${x.cpu.toFixed(3)}, ${x.pg.toFixed(3)}`,
      );
    console.log("latencies in ms; target: added p50 <= 1 ms, p99 <= 5 ms, zero errors");
    console.log(
      "CPU: user + system time during the gateway rounds, per request, of the gateway process (incl. settlement flushes) and of all PostgreSQL server processes",
    );
    const scraped1 = { admitted: await admitted(), answered: await answered() };
    const dAdmitted = scraped1.admitted - scraped0.admitted;
    const dAnswered = scraped1.answered - scraped0.answered;
    console.log(
      `\n/metrics: requests sent to the gateway ${sent}; warden_gateway_admissions_total{outcome="admitted"} delta ${dAdmitted} (${dAdmitted === sent ? "equal" : "NOT equal"}); warden_http_requests_total{route="/v1/chat/completions"} delta ${dAnswered} (${dAnswered === sent ? "equal" : "NOT equal"})`,
    );
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench:gateway: ${(e as Error).message}`);
    for (const c of children) c.kill("SIGTERM");
    process.exit(1);
  },
);
