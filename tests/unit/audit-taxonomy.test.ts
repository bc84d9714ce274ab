// The taxonomy knows every action the code emits: the Audit page's action filter and the
// category counts read AUDIT_ACTIONS, so an action missing there is invisible to filtering and
// only classified by the prefix fallback. This reads lib/ the way a reviewer would: every
// action literal in a file that writes audit entries, plus the gateway's `gateway.<type>`.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, categoryOf, type AuditCategory } from "@/lib/audit/taxonomy";
import { isPermission } from "@/lib/rbac/permissions";

const LIB = path.resolve(__dirname, "../../lib");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const ACTION_SHAPE = /^[a-z][a-z_]*(\.[a-z_]+)*$/;
// Literals of that shape that are not audit actions: what a monitoring rule does when it fires (its
// own `action` field) and the names of files Warden writes (an export bundle's manifest).
const RULE_ACTIONS = new Set(["alert_security_team", "notify_manager", "require_approval"]);
const FILE_NAME = /\.(json|jsonl|csv|pdf|zip)$/;
const notAnAction = (lit: string) => RULE_ACTIONS.has(lit) || FILE_NAME.test(lit);

/** The gateway audits a refusal as gateway.<error type>: the types its admission throws. */
function gatewayRejectionTypes(files: Map<string, string>): string[] {
  const types = new Set<string>();
  for (const text of files.values())
    for (const m of text.matchAll(/new Rejection\(\s*new WardenError\(\s*"([a-z_]+)"/g)) types.add(m[1]);
  return [...types];
}

function emittedActions(): Map<string, string> {
  const files = new Map(sources(LIB).map((f) => [path.relative(LIB, f), fs.readFileSync(f, "utf8")]));
  const found = new Map<string, string>(); // action -> first file emitting it
  const add = (action: string, file: string) => found.has(action) || found.set(action, file);
  for (const [file, text] of files) {
    if (!/\bappendAudit\b|\bAuditEvent\b/.test(text)) continue;
    // `action: "x"`, `action = "x"`, `action: cond ? "x" : "y"`: every literal up to the end of the expression.
    for (const m of text.matchAll(/\baction\s*[:=]\s*([^,;)\n]+)/g)) {
      // Comparison operands (`purpose === "api" ? …`) are conditions, not emitted actions.
      const expr = m[1].replace(/[!=]==?\s*"[^"]*"/g, "");
      for (const lit of expr.matchAll(/"([^"]+)"/g))
        if (ACTION_SHAPE.test(lit[1]) && !notAnAction(lit[1])) add(lit[1], file);
    }
    // Dotted literals passed positionally to a local audit helper (e.g. audit(tx, actor, "scim.user.create")).
    for (const lit of text.matchAll(/"([a-z][a-z_]*(?:\.[a-z_]+)+)"/g))
      if (!isPermission(lit[1]) && !notAnAction(lit[1])) add(lit[1], file);
    for (const m of text.matchAll(/action:\s*`([a-z_.]*)\$\{/g)) {
      if (m[1] !== "gateway.")
        throw new Error(`${file}: template action \`${m[1]}\${…}\` - teach this test its values`);
      for (const type of gatewayRejectionTypes(files)) add(`gateway.${type}`, file);
    }
  }
  return found;
}

const emitted = emittedActions();

describe("audit taxonomy", () => {
  it("the scan sees every emitting domain (so an empty scan cannot pass)", () => {
    for (const a of [
      "auth.login",
      "auth.mfa_required",
      "auth.logout",
      "scim.user.deactivate",
      "scim.group.update",
      "scim.token.rotate",
      "scim.settings.update",
      "gateway.budget_exceeded",
      "gateway.rate_limited",
      "identity_provider.create",
      "tenant.mfa_policy.update",
      "privilege_escalation_attempt",
      "role.assign",
    ]) {
      expect([...emitted.keys()], a).toContain(a);
    }
  });

  it("knows every action lib/ emits", () => {
    const unknown = [...emitted].filter(([a]) => !(a in AUDIT_ACTIONS)).map(([a, file]) => `${a} (${file})`);
    expect(unknown).toEqual([]);
  });

  it("files each emitted family in its category", () => {
    const expected: [RegExp, AuditCategory][] = [
      [/^auth\./, "access"],
      [/^gateway\./, "usage"],
      [/^scim\./, "admin"],
      [/^identity_provider\./, "admin"],
      [/^(privilege_escalation|role\.)/, "security"],
      [/^tenant\.mfa_policy\./, "security"],
      [/^audit\.export$/, "data"],
    ];
    for (const a of emitted.keys()) {
      const rule = expected.find(([re]) => re.test(a));
      if (rule) expect(categoryOf(a), a).toBe(rule[1]);
    }
  });
});
