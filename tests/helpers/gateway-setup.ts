// Builds a small governed tenant for gateway tests: customer -> team -> user, one provider
// pointing at the fixture upstream with a price, and a helper to mint virtual keys.
import { createTenant } from "@/lib/tenancy/provision";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/runtime";
import { createGatewayHandler } from "@/lib/gateway/node-handler";
import type { GatewayDeps } from "@/lib/gateway/core";
import { replaceLimits, type LimitsInput } from "@/lib/governance/limits";
import { createVirtualKey, type VirtualKeyCreate } from "@/lib/governance/virtual-keys";
import { settled } from "@/lib/gateway/core";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { startUpstream, type FixtureUpstream, type UpstreamOptions } from "../fixtures/upstream";
import { allowOutbound } from "./outbound";
import { createTestDatabase, type TestDatabase } from "./test-db";

import { pointProcessDbAt, signedIn } from "./callers";

export { pointProcessDbAt };

export const PRICE = { input: 1, output: 2 }; // USD per 1M tokens

export interface GovTenant {
  tenantId: string;
  customerId: string;
  teamId: string;
  userId: string;
  providerId: string;
  actor: Actor;
}

/**
 * The governed tenant, and the admin who sets it up: a person of the tenant signed in the way users
 * are (a real session cookie), whose Actor the one resolver builds — so keys and limits the tests
 * mint go through the same checks as the console's.
 */
export async function createGovTenant(db: Database, slug: string, upstreamUrl: string): Promise<GovTenant> {
  allowOutbound(upstreamUrl); // the tests' local upstream, and only its port
  const tenant = await createTenant({ slug, name: slug }, db);
  const tenantId = tenant.id;
  const adminEmail = `setup.admin@${slug}.test`;
  const ids = await withTenant(
    tenantId,
    async (tx) => {
      const customer = await tx.customer.create({ data: { tenantId, name: "Cust" } });
      const team = await tx.team.create({ data: { tenantId, name: "Team", customerId: customer.id } });
      const user = await tx.user.create({
        data: { tenantId, email: `dev@${slug}.test`, name: "Dev", role: "developer" },
      });
      await tx.user.create({ data: { tenantId, email: adminEmail, name: "Setup Admin", role: "admin" } });
      await tx.teamMembership.create({ data: { tenantId, teamId: team.id, userId: user.id } });
      const provider = await tx.provider.create({ data: { tenantId, name: "fixture", baseUrl: upstreamUrl } });
      await tx.modelPrice.create({
        data: {
          tenantId,
          providerId: provider.id,
          model: "gpt-test",
          inputPer1mUsd: PRICE.input,
          outputPer1mUsd: PRICE.output,
        },
      });
      await tx.modelPrice.create({
        data: {
          tenantId,
          providerId: provider.id,
          model: "gpt-other",
          inputPer1mUsd: PRICE.input,
          outputPer1mUsd: PRICE.output,
        },
      });
      return { tenantId, customerId: customer.id, teamId: team.id, userId: user.id, providerId: provider.id };
    },
    { db },
  );
  pointProcessDbAt(db); // the resolver reads the process's database
  const actor = await (await signedIn(db, slug, adminEmail)).actor();
  return { ...ids, actor };
}

export async function mintKey(db: Database, g: GovTenant, input: Partial<VirtualKeyCreate> = {}, now?: Date) {
  const body = {
    name: "k",
    user_id: g.userId,
    allowed_providers: ["*"],
    allowed_models: ["*"],
    ...input,
  } as VirtualKeyCreate;
  return withTenant(g.tenantId, (tx) => createVirtualKey(tx, g.actor, body, now), { db });
}

export async function setLimits(
  db: Database,
  g: GovTenant,
  ownerType: "customer" | "team" | "user" | "virtual_key",
  ownerId: string,
  v: LimitsInput,
  now?: Date,
) {
  await withTenant(g.tenantId, (tx) => replaceLimits(tx, ownerType, ownerId, v, now), { db });
}

export async function startGateway(deps: GatewayDeps) {
  const server = http.createServer({ keepAliveTimeout: 30_000 }, createGatewayHandler(deps));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface GatewayHarness {
  t: TestDatabase;
  up: FixtureUpstream;
  g: GovTenant;
  gw: Awaited<ReturnType<typeof startGateway>>;
  /** The gateway's chat completions URL. */
  url: string;
  /** Waits for settlement, then stops the gateway and the upstream and drops the database. */
  close(): Promise<void>;
}

/** A fresh database, a fixture upstream, a governed tenant on it and an in-process gateway. */
export async function openGatewayHarness(
  slug: string,
  upstream: UpstreamOptions,
  gateway: Omit<GatewayDeps, "db"> = {},
): Promise<GatewayHarness> {
  const t = await createTestDatabase();
  pointProcessDbAt(t.db);
  const up = await startUpstream(upstream);
  const g = await createGovTenant(t.db, slug, up.url);
  const gw = await startGateway({ db: t.db, ...gateway });
  return {
    t,
    up,
    g,
    gw,
    url: `${gw.url}/v1/chat/completions`,
    close: async () => {
      await settled();
      await gw.close();
      await up.close();
      await t.drop();
    },
  };
}

/**
 * openGatewayHarness for a whole test file: opened in the file's beforeAll and closed in its
 * afterAll. The object returned is filled in by beforeAll, so tests read h.t, h.g, h.url, h.up.
 */
export function gatewayForFile(
  slug: string,
  upstream: UpstreamOptions,
  gateway: Omit<GatewayDeps, "db"> = {},
): GatewayHarness {
  const h = {} as GatewayHarness;
  beforeAll(async () => {
    Object.assign(h, await openGatewayHarness(slug, upstream, gateway));
  });
  afterAll(() => h.close?.());
  return h;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: () => { error?: { type: string }; usage?: unknown; [k: string]: unknown };
}

/** POST with node:http (global fetch would cap parallelism in tests at its pool's defaults). */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": data.length, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

export const chat = (extra: Record<string, unknown> = {}) => ({
  model: "gpt-test",
  messages: [{ role: "user", content: "hi" }],
  max_tokens: 100,
  ...extra,
});
/** promptTokenUpperBound of chat(): 3 + 4 + bytes("hi"). */
export const CHAT_PROMPT_MAX = 9;
