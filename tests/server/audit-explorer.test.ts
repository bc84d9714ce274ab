// The audit explorer's filters through GET /v1/audit with an admin's session cookie: an actor by
// reference, by part of a name or an e-mail (two people merged newest first), free text and target
// (free text found inside and beyond the newest entries the search reads first:
// WARDEN_AUDIT_SEARCH_PROBE is made small here; a target by id, by type, and by a value that is both
// one entry's id and its type), and a filter combined with another. Each walk pages with limit=2 and must return
// exactly the entries this test appended with that property, newest first, each once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as audit from "@/app/v1/audit/route";
import { appendAudit, type AuditEvent } from "@/lib/audit/append";
import { setDbForTests } from "@/lib/db";
import { withTenant } from "@/lib/tenancy/with-tenant";
import { callAs, openSeededConsole, type Caller } from "../helpers/callers";
import { TEST_DB_KIND, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
let admin: Caller;
const tag = randomBytes(3).toString("hex");
/** The audit actor of a person (the audit trail's actor reference, not a signed-in caller). */
const person = (id: string, name: string) => ({
  kind: "user",
  subject: `usr_${id}${tag}`,
  userId: `usr_${id}${tag}`,
  displayName: `Zelda ${name} ${tag}`,
  email: `zelda.${name.toLowerCase()}.${tag}@acme.test`,
});
const ZELDA_QUILL = person("zq", "Quill");
const ZELDA_QUARTZ = person("zz", "Quartz");
const SYSTEM = { kind: "system", subject: "system" };
const NEEDLE = `needle-${tag}`;
const LEDGER = `ledger${tag}`;

interface Appended {
  seq: number;
  actor: string;
  needle: boolean;
  target: boolean;
  /** Matched by target=LEDGER: its target type, its target id, or both. */
  ledger: boolean;
}
const appended: Appended[] = [];

beforeAll(async () => {
  process.env.WARDEN_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
  process.env.WARDEN_AUDIT_SEARCH_PROBE = "7";
  ({ t, admin } = await openSeededConsole());
  // 60 entries: the two Zeldas now and then, the needle in details early and late, a target in between.
  for (let i = 0; i < 60; i++) {
    const actor = i % 11 === 3 ? ZELDA_QUILL : i % 13 === 5 ? ZELDA_QUARTZ : SYSTEM;
    const needle = i === 2 || i === 9 || i === 31 || i === 57 || i === 58;
    const target = i === 4 || i === 40 || i === 41;
    // target=LEDGER: by type (7, 22, 50), by id (30), and by both at once (13, 44; returned once each).
    const ledger = [7, 13, 22, 30, 44, 50].includes(i);
    const event: AuditEvent = {
      action: "customer.update",
      outcome: "success",
      actor,
      details: needle ? { note: `see ${NEEDLE} here` } : { note: "nothing to see" },
      target: target
        ? { type: "customer", id: `cus_target${tag}` }
        : i === 13 || i === 44
          ? { type: LEDGER, id: LEDGER }
          : i === 30
            ? { type: "customer", id: LEDGER }
            : ledger
              ? { type: LEDGER, id: `led_${i}_${tag}` }
              : { type: "customer", id: `cus_other${i}` },
    };
    const entry = await withTenant(admin.tenantId, (tx) => appendAudit(tx, event), { db: t.db });
    appended.push({ seq: entry.seq, actor: actor.subject, needle, target, ledger });
  }
}, 300_000);
afterAll(async () => {
  delete process.env.WARDEN_AUDIT_SEARCH_PROBE;
  setDbForTests(undefined);
  await t?.drop();
});

/** Every entry a filter returns, following next_cursor two at a time. */
async function walk(query: string): Promise<number[]> {
  const seqs: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const url = `http://warden.test/v1/audit?limit=2&${query}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await callAs(audit.GET, admin, new Request(url));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { seq: number }[]; next_cursor: string | null };
    expect(body.data.length).toBeLessThanOrEqual(2);
    seqs.push(...body.data.map((e) => e.seq));
    cursor = body.next_cursor;
    if (!cursor) return seqs;
  }
  throw new Error("more than 100 pages");
}

const newestFirst = (pick: (a: Appended) => boolean) =>
  appended
    .filter(pick)
    .map((a) => a.seq)
    .sort((x, y) => y - x);

describe(`audit explorer filters (${TEST_DB_KIND})`, () => {
  it("actor by reference: that actor's entries only", async () => {
    const expected = newestFirst((a) => a.actor === ZELDA_QUILL.subject);
    expect(expected.length).toBe(6);
    expect(await walk(`actor=${ZELDA_QUILL.subject}`)).toEqual(expected);
  });

  it("actor by part of a name: both people, merged newest first", async () => {
    const expected = newestFirst((a) => a.actor === ZELDA_QUILL.subject || a.actor === ZELDA_QUARTZ.subject);
    expect(expected.length).toBe(11);
    expect(await walk(`actor=${encodeURIComponent("Zelda Q")}`)).toEqual(expected);
  });

  it("actor by part of an e-mail: that person only", async () => {
    expect(await walk(`actor=zelda.quartz.${tag}`)).toEqual(newestFirst((a) => a.actor === ZELDA_QUARTZ.subject));
  });

  it("free text: found in the newest entries and far beyond them, each once", async () => {
    const expected = newestFirst((a) => a.needle);
    expect(expected).toHaveLength(5);
    expect(await walk(`q=${NEEDLE}`)).toEqual(expected);
  });

  it("target: entries about that target only", async () => {
    expect(await walk(`target=cus_target${tag}`)).toEqual(newestFirst((a) => a.target));
  });

  it("target by type, by id, and by both at once: each entry once, newest first", async () => {
    const expected = newestFirst((a) => a.ledger);
    expect(expected).toHaveLength(6);
    expect(await walk(`target=${LEDGER}`)).toEqual(expected);
  });

  it("a target combines with free text and with an actor", async () => {
    expect(await walk(`target=${LEDGER}&q=led_22_${tag}`)).toEqual([appended[22].seq]);
    // Entry 44 is Zelda Quartz's (i % 13 === 5) and about the ledger.
    expect(await walk(`target=${LEDGER}&actor=zelda.quartz.${tag}`)).toEqual([appended[44].seq]);
  });

  it("filters combine: an actor's entries that hold the text", async () => {
    const expected = newestFirst((a) => a.needle && a.actor === ZELDA_QUILL.subject);
    expect(expected).toHaveLength(1); // entry 58
    expect(await walk(`actor=Zelda%20Quill&q=${NEEDLE}`)).toEqual(expected);
  });

  it("a filter nobody matches: an empty last page", async () => {
    expect(await walk(`q=absent-${tag}`)).toEqual([]);
    expect(await walk(`actor=nobody-${tag}`)).toEqual([]);
  });
});
