// GET /api/ready: 200 with one entry per check when the database answers and is migrated; 503
// naming the failed check when Redis (REDIS_URL) is down or migrations are pending. No host,
// port or driver message in the body.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as readyRoute } from "@/app/api/ready/route";
import { call } from "../helpers/call-route";
import { pointProcessDbAt } from "../helpers/callers";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let bare: TestDatabase;

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

beforeAll(async () => {
  t = await createTestDatabase();
  bare = await createTestDatabase({ migrate: false });
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await t?.drop();
  await bare?.drop();
});

describe(`/api/ready (${TEST_DB_KIND})`, () => {
  it("200: database and migrations pass; no Redis check without REDIS_URL", async () => {
    vi.stubEnv("REDIS_URL", "");
    pointProcessDbAt(t.db);
    const r = await call(readyRoute, "GET", "/api/ready");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: "ready",
      failed: [],
      checks: { database: { ok: true }, migrations: { ok: true, pending: 0 } },
    });
    expect(Object.keys(r.body.checks).sort()).toEqual(["database", "migrations"]);
    expect(r.headers.get("cache-control")).toBe("no-store");
  });

  it("503 naming redis when REDIS_URL points at a closed port, without the address in the body", async () => {
    const port = await closedPort();
    vi.stubEnv("REDIS_URL", `redis://:hunter2secret@127.0.0.1:${port}`);
    pointProcessDbAt(t.db);
    const r = await call(readyRoute, "GET", "/api/ready");
    expect(r.status).toBe(503);
    expect(r.body.status).toBe("not_ready");
    expect(r.body.failed).toEqual(["redis"]);
    expect(r.body.checks.redis).toMatchObject({ ok: false, reason: "unreachable" });
    expect(r.body.checks.database.ok).toBe(true);
    const text = JSON.stringify(r.body);
    expect(text).not.toContain(String(port));
    expect(text).not.toContain("127.0.0.1");
    expect(text).not.toContain("hunter2");
  });

  it("503 naming migrations on a database that was never migrated", async () => {
    vi.stubEnv("REDIS_URL", "");
    pointProcessDbAt(bare.db);
    const r = await call(readyRoute, "GET", "/api/ready");
    expect(r.status).toBe(503);
    expect(r.body.failed).toEqual(["migrations"]);
    expect(r.body.checks.migrations.reason).toBe("pending");
    expect(r.body.checks.migrations.pending).toBeGreaterThan(10);
    pointProcessDbAt(t.db);
  });
});
