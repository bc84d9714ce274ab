// A second process for verifying a long chain (ADR 0048). Each entry's HMAC depends only on its own
// content and its stored prev_hash, so seq ranges verify independently; the console (or the worker,
// or the CLI) verifies some ranges itself and hands others to one child Node process, which reads
// through its own connection inside the SAME snapshot (pg_export_snapshot / SET TRANSACTION
// SNAPSHOT), so both see exactly one state of the chain. The child gets its job over its IPC channel
// (never argv: the URL may carry a password) and answers one Segment per range. PostgreSQL only.
import "server-only";
import type { Database } from "@/lib/db/runtime";
import { loadedTenantKey } from "@/lib/crypto/secret-box";
import { log } from "@/lib/observability/log";
import { spawnTsChild, tsChildRunnable, tsEntry } from "@/lib/ts-child";
import type { Segment, SeqRange } from "./verify-segment";

/** The first message to the child: where to read, which snapshot, what to hold entries against. */
export interface VerifyJob {
  url: string;
  appRole: string;
  tenantId: string;
  snapshot: string;
  marks: [number, string][];
  headSeq: number;
  /** The tenant's key (ADR 0035) when loaded, for entries sealed under it. */
  tenantKey: { key: string; legacy: boolean } | null;
}

/** Parent to child after the job: a range to verify, or the end. */
export type VerifyCommand = { range: SeqRange } | { done: true };
/** Child to parent: one answer per range. */
export type VerifyAnswer = { ok: true; segment: Segment } | { ok: false; message: string };

const ENTRY = tsEntry("lib", "audit", "verify-process-main.ts");
// A larger young generation: the rows of a batch die young, and scavenges are most of the child's GC.
const CHILD_FLAGS = ["--max-semi-space-size=32"];

/**
 * From how many entries a chain is verified with a second process (default 200,000;
 * WARDEN_AUDIT_VERIFY_PROCESS_ROWS=off turns it off): starting one costs about a second.
 */
export function verifyProcessRows(env: NodeJS.ProcessEnv = process.env): number | null {
  const v = (env.WARDEN_AUDIT_VERIFY_PROCESS_ROWS ?? "").trim();
  if (v === "off") return null;
  const n = v === "" ? 200_000 : Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : 200_000;
}

export function canUseVerifyProcess(db: Database): boolean {
  return !db.pglite && db.config.kind === "postgresql" && !!db.config.url && tsChildRunnable(ENTRY);
}

export interface VerifyHelper {
  verify(range: SeqRange): Promise<Segment>;
  close(): void;
}

/** Starts the child on `snapshot`; its ranges are answered in the order they were asked. */
export function startVerifyProcess(
  db: Database,
  tenantId: string,
  snapshot: string,
  marks: ReadonlyMap<number, string>,
  headSeq: number,
): VerifyHelper {
  const m = loadedTenantKey(tenantId);
  const job: VerifyJob = {
    url: db.config.url ?? "",
    appRole: db.config.appRole,
    tenantId,
    snapshot,
    marks: [...marks],
    headSeq,
    tenantKey: m ? { key: m.key.toString("base64"), legacy: m.legacy } : null,
  };
  const child = spawnTsChild(ENTRY, CHILD_FLAGS);
  const waiting: { resolve: (s: Segment) => void; reject: (e: Error) => void }[] = [];
  let gone: Error | null = null;
  const failAll = (e: Error) => {
    gone ??= e;
    for (const w of waiting.splice(0)) w.reject(gone);
  };
  child.on("message", (a: VerifyAnswer) => {
    const w = waiting.shift();
    if (!w) return;
    if (a.ok) w.resolve(a.segment);
    else w.reject(new Error(a.message));
  });
  child.on("error", (e) => failAll(e));
  child.on("exit", (code, signal) =>
    failAll(new Error(`the verification process exited (${signal ?? `code ${code}`})`)),
  );
  child.send(job);
  return {
    verify: (range) =>
      new Promise<Segment>((resolve, reject) => {
        if (gone) return reject(gone);
        waiting.push({ resolve, reject });
        child.send({ range } satisfies VerifyCommand);
      }),
    close: () => {
      if (gone || !child.connected) return;
      child.send({ done: true } satisfies VerifyCommand, (e) => {
        if (e) log.warn({ err: e }, "audit: could not stop the verification process; killing it");
        if (e) child.kill("SIGKILL");
      });
    },
  };
}
