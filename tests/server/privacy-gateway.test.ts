// Gateway compliance policies end to end: detectors block (never reaching the upstream), redact
// (the upstream sees placeholders) or record; the most specific policy wins; data residency and
// HIPAA routing; prompt/response bodies are stored sealed only under policy AND consent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSecret } from "@/lib/crypto/secret-box";
import { settled } from "@/lib/gateway/core";
import { recordConsent } from "@/lib/privacy/consent";
import { bodiesStored } from "@/lib/privacy/gateway";
import { invalidateTenantPrivacy } from "@/lib/privacy/policy-cache";
import { putPolicy } from "@/lib/privacy/policies";
import { withTenant } from "@/lib/tenancy/with-tenant";
import {
  createGovTenant,
  mintKey,
  post,
  startGateway,
  pointProcessDbAt,
  type GovTenant,
} from "../helpers/gateway-setup";
import { createTestDatabase, TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let g: GovTenant;
let gw: Awaited<ReturnType<typeof startGateway>>;
let url: string;
const seen: { messages: { role: string; content: unknown }[] }[] = [];
let upstream: http.Server;

const CARD = "4111 1111 1111 1111";
const EMAIL = "jane.roe@globex-mail.com";

beforeAll(async () => {
  t = await createTestDatabase();
  pointProcessDbAt(t.db);
  // A minimal OpenAI-compatible upstream that keeps every body it receives.
  upstream = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      seen.push(body);
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(
          `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "Streamed answer" } }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ id: "x", object: "chat.completion.chunk", choices: [], usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 } })}\n\n`,
        );
        return res.end("data: [DONE]\n\n");
      }
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: "x",
          object: "chat.completion",
          model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content: "The answer" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
        }),
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  g = await createGovTenant(t.db, "privgw", `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  gw = await startGateway({ db: t.db });
  url = `${gw.url}/v1/chat/completions`;
  await inTenant((tx) =>
    putPolicy(tx, g.actor, {
      scope_type: "tenant",
      enabled: true,
      detectors: { payment_card: "block", email: "redact", ip_address: "record" },
      allowed_regions: [],
      hipaa_mode: false,
      store_bodies: true,
    }),
  );
});

afterAll(async () => {
  await settled();
  await bodiesStored();
  await gw?.close();
  await new Promise<void>((r) => upstream?.close(() => r()));
  await t?.drop();
});

const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(g.tenantId, fn, { db: t.db });
const ask = (secret: string, content: string) =>
  post(url, { model: "gpt-test", messages: [{ role: "user", content }], max_tokens: 50 }, { "x-bf-vk": secret });

describe(`gateway compliance policies (${TEST_DB_KIND})`, () => {
  it("blocks a valid card number with 403 compliance_violation naming the rule, never the data; the upstream sees nothing", async () => {
    const k = await mintKey(t.db, g);
    const before = seen.length;
    const r = await ask(k.secret, `Charge my card ${CARD} for the renewal`);
    expect(r.status).toBe(403);
    const err = r.json().error as unknown as { type: string; message: string };
    expect(err.type).toBe("compliance_violation");
    expect(err.message).toContain("detector.payment_card");
    expect(r.text).not.toContain("4111");
    expect(seen.length).toBe(before);
    await settled();
    const audit = await inTenant((tx) =>
      tx.auditEntry.findFirst({ where: { action: "gateway.compliance_violation" }, orderBy: { seq: "desc" } }),
    );
    expect(audit?.outcome).toBe("denied");
    expect(JSON.stringify(audit?.details)).toContain("detector.payment_card");
    expect(JSON.stringify(audit?.details)).not.toContain("4111");
    const usage = await inTenant((tx) => tx.usageRecord.findFirst({ where: { virtualKeyId: k.id } }));
    expect([usage?.status, usage?.httpStatus, Number(usage?.costUsd)]).toEqual(["compliance_violation", 403, 0]);
  });

  it("lets a card-like number that fails Luhn through untouched", async () => {
    const k = await mintKey(t.db, g);
    const r = await ask(k.secret, "Order 4111 1111 1111 1112 shipped");
    expect(r.status).toBe(200);
    expect(seen.at(-1)?.messages[0].content).toBe("Order 4111 1111 1111 1112 shipped");
  });

  it("redacts an e-mail before forwarding, but not one inside a code block", async () => {
    const k = await mintKey(t.db, g);
    const r = await ask(k.secret, `Write to ${EMAIL} about the invoice`);
    expect(r.status).toBe(200);
    expect(seen.at(-1)?.messages[0].content).toBe("Write to [REDACTED:email] about the invoice");
    const audit = await inTenant((tx) =>
      tx.auditEntry.findFirst({ where: { action: "privacy.policy.redact" }, orderBy: { seq: "desc" } }),
    );
    expect(audit?.details).toMatchObject({ redacted: ["email"], findings: { email: 1 } });
    expect(JSON.stringify(audit?.details)).not.toContain("jane");
    const code = "Fix this:\n```\nsend('ops@corp-internal.io')\n```";
    expect((await ask(k.secret, code)).status).toBe(200);
    expect(seen.at(-1)?.messages[0].content).toBe(code);
  });

  it("records (audits, forwards unchanged) where the action is record", async () => {
    const k = await mintKey(t.db, g);
    expect((await ask(k.secret, "Our egress IP is 203.0.113.7")).status).toBe(200);
    expect(seen.at(-1)?.messages[0].content).toBe("Our egress IP is 203.0.113.7");
    const audit = await inTenant((tx) =>
      tx.auditEntry.findFirst({ where: { action: "privacy.policy.record" }, orderBy: { seq: "desc" } }),
    );
    expect(audit?.details).toMatchObject({ recorded: ["ip_address"] });
  });

  it("the most specific policy wins: a key policy turns blocking off for that key only", async () => {
    const relaxed = await mintKey(t.db, g);
    const other = await mintKey(t.db, g);
    await inTenant((tx) =>
      putPolicy(tx, g.actor, {
        scope_type: "virtual_key",
        scope_id: relaxed.id,
        enabled: true,
        detectors: { payment_card: "redact" },
        allowed_regions: [],
        hipaa_mode: false,
        store_bodies: false,
      }),
    );
    const r = await ask(relaxed.secret, `card ${CARD}`);
    expect(r.status).toBe(200);
    expect(seen.at(-1)?.messages[0].content).toBe("card [REDACTED:payment_card]");
    expect((await ask(other.secret, `card ${CARD}`)).status).toBe(403);
  });

  it("data residency: a provider outside the allowed regions is refused; HIPAA mode sends identifiers only to covered providers", async () => {
    const k = await mintKey(t.db, g);
    await inTenant((tx) =>
      putPolicy(tx, g.actor, {
        scope_type: "team",
        scope_id: g.teamId,
        enabled: true,
        detectors: {},
        allowed_regions: ["eu"],
        hipaa_mode: false,
        store_bodies: false,
      }),
    );
    const r = await ask(k.secret, "hello");
    expect([r.status, (r.json().error as unknown as { message: string }).message]).toEqual([
      403,
      expect.stringContaining("allowed_regions"),
    ]);
    await inTenant((tx) =>
      putPolicy(tx, g.actor, {
        scope_type: "team",
        scope_id: g.teamId,
        enabled: true,
        detectors: {},
        allowed_regions: [],
        hipaa_mode: true,
        store_bodies: false,
      }),
    );
    expect((await ask(k.secret, "hello")).status).toBe(200);
    const phi = await ask(k.secret, "Patient SSN 123-45-6789, summarize the chart");
    expect([phi.status, (phi.json().error as unknown as { message: string }).message]).toEqual([
      403,
      expect.stringContaining("hipaa_mode"),
    ]);
    await inTenant((tx) => tx.provider.update({ where: { id: g.providerId }, data: { hipaaCovered: true } }));
    invalidateTenantPrivacy(g.tenantId);
    expect((await ask(k.secret, "Patient SSN 123-45-6789, summarize the chart")).status).toBe(200);
    await inTenant((tx) => tx.compliancePolicy.deleteMany({ where: { scopeType: "team" } }));
    invalidateTenantPrivacy(g.tenantId);
  });
});

describe(`stored bodies need policy AND consent (${TEST_DB_KIND})`, () => {
  const bodies = () =>
    inTenant((tx) => tx.gatewayBody.findMany({ where: { userId: g.userId }, orderBy: { createdAt: "asc" } }));

  it("a request without consent for prompt logging leaves no stored body", async () => {
    const k = await mintKey(t.db, g);
    expect((await ask(k.secret, "no consent yet")).status).toBe(200);
    await bodiesStored();
    expect(await bodies()).toHaveLength(0);
  });

  it("with consent the prompt (as forwarded, redacted) and the answer are stored sealed; withdrawal stops it", async () => {
    const k = await mintKey(t.db, g);
    await inTenant((tx) =>
      recordConsent(tx, g.actor, { user_id: g.userId, purpose: "prompt_logging", status: "granted", source: "api" }),
    );
    expect((await ask(k.secret, `consented prompt for ${EMAIL}`)).status).toBe(200);
    await bodiesStored();
    const rows = await bodies();
    expect(rows).toHaveLength(1);
    expect(rows[0].promptSealed).not.toContain("consented");
    expect(JSON.parse(openSecret(rows[0].promptSealed))).toEqual([
      { role: "user", content: "consented prompt for [REDACTED:email]" },
    ]);
    expect(openSecret(rows[0].responseSealed!)).toContain("The answer");
    await inTenant((tx) =>
      recordConsent(tx, g.actor, {
        user_id: g.userId,
        purpose: "prompt_logging",
        status: "withdrawn",
        source: "console",
      }),
    );
    expect((await ask(k.secret, "after withdrawal")).status).toBe(200);
    await bodiesStored();
    expect(await bodies()).toHaveLength(1);
    const history = await inTenant((tx) =>
      tx.auditEntry.findMany({
        where: { action: { in: ["consent.granted", "consent.withdrawn"] } },
        orderBy: { seq: "asc" },
      }),
    );
    expect(history.map((h) => h.action)).toEqual(["consent.granted", "consent.withdrawn"]);
  });

  it("a streamed answer is stored too (the SSE text, sealed)", async () => {
    const k = await mintKey(t.db, g);
    await inTenant((tx) =>
      recordConsent(tx, g.actor, { user_id: g.userId, purpose: "prompt_logging", status: "granted", source: "api" }),
    );
    const before = (await bodies()).length;
    const r = await post(
      url,
      { model: "gpt-test", messages: [{ role: "user", content: "stream please" }], max_tokens: 50, stream: true },
      { "x-bf-vk": k.secret },
    );
    expect(r.status).toBe(200);
    expect(r.text).toContain("Streamed answer");
    await bodiesStored();
    const rows = await bodies();
    expect(rows).toHaveLength(before + 1);
    expect(openSecret(rows.at(-1)!.responseSealed!)).toContain("Streamed answer");
  });

  it("a policy without body storage stores nothing even with consent", async () => {
    const k = await mintKey(t.db, g);
    await inTenant((tx) =>
      recordConsent(tx, g.actor, { user_id: g.userId, purpose: "prompt_logging", status: "granted", source: "api" }),
    );
    await inTenant((tx) =>
      putPolicy(tx, g.actor, {
        scope_type: "virtual_key",
        scope_id: k.id,
        enabled: true,
        detectors: {},
        allowed_regions: [],
        hipaa_mode: false,
        store_bodies: false,
      }),
    );
    const before = (await bodies()).length;
    expect((await ask(k.secret, "policy says no")).status).toBe(200);
    await bodiesStored();
    expect(await bodies()).toHaveLength(before);
  });
});
