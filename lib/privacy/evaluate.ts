// The policy decision for one gateway request, as a pure function of the effective policy, the
// messages and the chosen provider: data residency first, then the detectors (block beats redact
// beats record), then HIPAA routing. A block names the rule, never the matched data.
import { DETECTOR_LABELS, DETECTORS, redact, scan, type Detector } from "./detectors";

/** The name a block decision gives its rule (in the 403 message and the audit entry). */
export const detectorRule = (d: Detector) => `detector.${d}`;

export const POLICY_ACTIONS = ["block", "redact", "record", "off"] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export interface EffectivePolicy {
  id: string;
  scope_type: string;
  detectors: Partial<Record<Detector, PolicyAction>>;
  allowed_regions: string[];
  hipaa_mode: boolean;
  store_bodies: boolean;
}

export interface ProviderFacts {
  region: string;
  hipaa_covered: boolean;
}

export interface Verdict {
  policyId: string;
  block: { rule: string; message: string } | null;
  /** Count of findings per detector (never the data). */
  findings: Partial<Record<Detector, number>>;
  redacted: Detector[];
  recorded: Detector[];
  /** The messages to forward (redacted copies where anything was redacted). */
  messages: unknown[];
}

type Part = { type?: string; text?: unknown };
type Message = { content?: unknown };

/** Applies fn to every text of a chat message list (string content or text parts); copies only what changes. */
function mapTexts(messages: unknown[], fn: (s: string) => string): unknown[] {
  return messages.map((m) => {
    const c = (m as Message)?.content;
    if (typeof c === "string") {
      const n = fn(c);
      return n === c ? m : { ...(m as object), content: n };
    }
    if (Array.isArray(c)) {
      let changed = false;
      const parts = c.map((p: Part) => {
        if (p?.type !== "text" || typeof p.text !== "string") return p;
        const n = fn(p.text);
        if (n !== p.text) changed = true;
        return n === p.text ? p : { ...p, text: n };
      });
      return changed ? { ...(m as object), content: parts } : m;
    }
    return m;
  });
}

export function evaluate(policy: EffectivePolicy, messages: unknown[], provider: ProviderFacts): Verdict {
  const v: Verdict = { policyId: policy.id, block: null, findings: {}, redacted: [], recorded: [], messages };
  if (policy.allowed_regions.length && !policy.allowed_regions.includes(provider.region)) {
    v.block = {
      rule: "allowed_regions",
      message: `Request violates the data residency policy: provider region ${provider.region} is not allowed (rule allowed_regions)`,
    };
    return v;
  }
  const active = DETECTORS.filter((d) => (policy.detectors[d] ?? "off") !== "off");
  // HIPAA mode treats every identifier as possible PHI, so it scans with all detectors.
  const wanted = new Set<Detector>(policy.hipaa_mode ? DETECTORS : active);
  if (wanted.size === 0) return v;
  const redactSet = new Set<Detector>();
  mapTexts(messages, (text) => {
    for (const f of scan(text, wanted)) {
      v.findings[f.detector] = (v.findings[f.detector] ?? 0) + 1;
      if (policy.detectors[f.detector] === "redact") redactSet.add(f.detector);
    }
    return text;
  });
  const found = Object.keys(v.findings) as Detector[];
  const blocked = found.find((d) => policy.detectors[d] === "block");
  if (blocked) {
    v.block = {
      rule: detectorRule(blocked),
      message: `Request violates the data minimization policy: ${DETECTOR_LABELS[blocked]} is not allowed in prompts (rule ${detectorRule(blocked)})`,
    };
    return v;
  }
  if (policy.hipaa_mode && found.length && !provider.hipaa_covered) {
    v.block = {
      rule: "hipaa_mode",
      message:
        "Request violates the HIPAA policy: possible PHI may only go to providers covered by a business associate agreement (rule hipaa_mode)",
    };
    return v;
  }
  v.recorded = found.filter((d) => policy.detectors[d] === "record");
  v.redacted = [...redactSet];
  if (redactSet.size) v.messages = mapTexts(messages, (text) => redact(text, scan(text, redactSet)));
  return v;
}

/** The most specific enabled policy for a request: virtual key, then team, then tenant. */
export function effectivePolicy<P extends EffectivePolicy & { enabled: boolean; scope_id: string }>(
  policies: P[],
  levels: { virtualKeyId?: string; teamId?: string },
  tenantId: string,
): P | null {
  const on = policies.filter((p) => p.enabled);
  return (
    (levels.virtualKeyId && on.find((p) => p.scope_type === "virtual_key" && p.scope_id === levels.virtualKeyId)) ||
    (levels.teamId && on.find((p) => p.scope_type === "team" && p.scope_id === levels.teamId)) ||
    on.find((p) => p.scope_type === "tenant" && p.scope_id === tenantId) ||
    null
  );
}
