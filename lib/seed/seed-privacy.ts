// Demo privacy story: each tenant has a compliance policy (Acme also a HIPAA-mode policy for its
// Clinical Notes team), retention per data class, prompt-logging consents with some history, a
// few sealed prompt bodies of people who consented, and data subject requests in every state --
// including a completed erasure of a departed contractor. Written through the same lib/privacy
// functions as the application (so every step is audited); idempotent.
import type { Actor } from "@/lib/auth/actor";
import { appendAudit } from "@/lib/audit/append";
import { sealSecret } from "@/lib/crypto/secret-box";
import { tenantKeyFor } from "@/lib/crypto/tenant-key";
import { recordConsent } from "@/lib/privacy/consent";
import { detectorRule } from "@/lib/privacy/evaluate";
import { putPolicy } from "@/lib/privacy/policies";
import { approveRequest, completeRequest, createRequest } from "@/lib/privacy/requests";
import { type TenantTx, tenantIdOf } from "@/lib/tenancy/with-tenant";

const DAY = 86_400_000;

const STORY = {
  acme: {
    retention: { usage_records: 400, request_bodies: 30 },
    policy: {
      detectors: {
        payment_card: "block",
        national_id: "block",
        iban: "block",
        email: "redact",
        phone: "redact",
        ip_address: "record",
      },
      allowed_regions: ["us", "eu"],
      store_bodies: true,
    },
    hipaaTeam: "Clinical Notes",
    consents: [
      ["bob.martinez@acme.test", "granted"],
      ["priya.nair@acme.test", "granted"],
      ["jonas.weber@acme.test", "granted"],
      ["mei.tanaka@acme.test", "granted"],
      ["mei.tanaka@acme.test", "withdrawn"],
      ["grace.liu@acme.test", "withdrawn"],
    ],
    departed: { email: "tomasz.zielinski@acme.test", name: "Tomasz Zielinski" },
    access: "carol.johnson@acme.test",
    pendingErasure: "frank.osei@acme.test",
  },
  globex: {
    retention: { usage_records: 365, request_bodies: 14 },
    policy: {
      detectors: { payment_card: "block", email: "redact", phone: "record" },
      allowed_regions: [],
      store_bodies: true,
    },
    hipaaTeam: null,
    consents: [
      ["nina.park@globex.test", "granted"],
      ["omar.haddad@globex.test", "granted"],
      ["omar.haddad@globex.test", "withdrawn"],
    ],
    departed: { email: "ines.duarte@globex.test", name: "Ines Duarte" },
    access: "zoe.adams@globex.test",
    pendingErasure: null,
  },
} as const;

const PROMPTS = [
  "Summarise this support ticket for the on-call engineer: checkout fails with a timeout after the payment step.",
  "Rewrite the query 'red running shoes size 10' into three search variants.",
  "Draft a short reply to [REDACTED:email] explaining the refund timeline.",
];

export async function seedPrivacy(tx: TenantTx, slug: string, now = new Date()): Promise<void> {
  const tenantId = await tenantIdOf(tx);
  const s = STORY[slug as keyof typeof STORY];
  if (!s) return;
  const adminRow = await tx.user.findFirst({ where: { role: "admin", active: true }, orderBy: { email: "asc" } });
  if (!adminRow) return;
  const admin: Actor = {
    kind: "user",
    subject: adminRow.id,
    userId: adminRow.id,
    tenantId,
    tenantSlug: slug,
    role: "admin",
    permissions: new Set(),
    authMethod: "session",
    mfa: true,
    requestId: "req_seed_privacy",
    traceId: "0".repeat(32),
  };
  const userId = async (email: string) => (await tx.user.findFirst({ where: { email } }))?.id;

  for (const [dataClass, days] of Object.entries(s.retention)) {
    await tx.retentionSetting.upsert({
      where: { tenantId_dataClass: { tenantId, dataClass } },
      update: {},
      create: { tenantId, dataClass, days },
    });
  }
  if ((await tx.compliancePolicy.count()) === 0) {
    await putPolicy(tx, admin, {
      scope_type: "tenant",
      enabled: true,
      hipaa_mode: false,
      ...s.policy,
      detectors: { ...s.policy.detectors },
      allowed_regions: [...s.policy.allowed_regions],
    });
    const team = s.hipaaTeam ? await tx.team.findFirst({ where: { name: s.hipaaTeam } }) : null;
    if (team) {
      await putPolicy(tx, admin, {
        scope_type: "team",
        scope_id: team.id,
        enabled: true,
        hipaa_mode: true,
        store_bodies: false,
        allowed_regions: ["us"],
        detectors: { payment_card: "block", national_id: "redact", email: "redact", phone: "redact" },
      });
    }
  }
  if ((await tx.consentRecord.count()) === 0) {
    for (const [email, status] of s.consents) {
      const id = await userId(email);
      if (id)
        await recordConsent(tx, admin, {
          user_id: id,
          purpose: "prompt_logging",
          status,
          source: status === "granted" ? "self_service" : "console",
        });
    }
  }
  if ((await tx.gatewayBody.count()) === 0) {
    const consented = s.consents.find(([, st]) => st === "granted");
    const id = consented ? await userId(consented[0]) : undefined;
    const key = id ? await tx.virtualKey.findFirst({ where: { userId: id } }) : null;
    const tk = await tenantKeyFor(tx);
    for (const [i, p] of PROMPTS.entries()) {
      await tx.gatewayBody.create({
        data: {
          tenantId,
          requestId: `req_seed_body_${slug}_${i}`,
          userId: id ?? null,
          virtualKeyId: key?.id ?? null,
          model: "gpt-4o-mini",
          promptSealed: sealSecret(JSON.stringify([{ role: "user", content: p }]), tk),
          responseSealed: sealSecret("Here is a concise answer.", tk),
          createdAt: new Date(now.getTime() - (i + 1) * DAY),
        },
      });
    }
  }
  // A few of today's gateway decisions, as the policy step records them (rule and counts only).
  if (
    (await tx.auditEntry.count({
      where: { action: { in: ["gateway.compliance_violation", "privacy.policy.redact"] } },
    })) === 0
  ) {
    const key = await tx.virtualKey.findFirst({
      where: { revokedAt: null, userId: { not: null } },
      orderBy: { createdAt: "asc" },
    });
    const policy = await tx.compliancePolicy.findFirst({ where: { scopeType: "tenant" } });
    if (key && policy) {
      const decisions = [
        {
          action: "gateway.compliance_violation",
          outcome: "denied" as const,
          rule: detectorRule("payment_card"),
          findings: { payment_card: 1 },
          redacted: [],
        },
        {
          action: "privacy.policy.redact",
          outcome: "success" as const,
          rule: null,
          findings: { email: 2 },
          redacted: ["email"],
        },
        {
          action: "gateway.compliance_violation",
          outcome: "denied" as const,
          rule: detectorRule("payment_card"),
          findings: { payment_card: 1, email: 1 },
          redacted: [],
        },
        {
          action: "privacy.policy.redact",
          outcome: "success" as const,
          rule: null,
          findings: { phone: 1 },
          redacted: ["phone"],
        },
      ];
      for (const [i, d] of decisions.entries()) {
        await appendAudit(tx, {
          action: d.action,
          outcome: d.outcome,
          actor: { kind: "virtual_key", subject: key.id, userId: key.userId ?? undefined, authMethod: "virtual_key" },
          target: { type: "virtual_key", id: key.id },
          requestId: `req_seed_policy_${slug}_${i}`,
          details: {
            policy_id: policy.id,
            rule: d.rule,
            findings: d.findings,
            redacted: d.redacted,
            recorded: [],
            provider: "openai",
            region: "us",
          },
        });
      }
    }
  }
  if ((await tx.privacyRequest.count()) === 0) {
    // A departed contractor's erasure, completed: the person exists only as a pseudonymous id.
    const gone = await tx.user.create({
      data: { tenantId, email: s.departed.email, name: s.departed.name, role: "developer", active: false },
    });
    const er = await createRequest(
      tx,
      admin,
      { kind: "erasure", user_id: gone.id },
      new Date(now.getTime() - 12 * DAY),
    );
    await approveRequest(tx, admin, er.id);
    await completeRequest(tx, admin, er.id);
    const accessId = await userId(s.access);
    if (accessId)
      await createRequest(
        tx,
        admin,
        { kind: "access", user_id: accessId, note: "Asked through the privacy mailbox" },
        new Date(now.getTime() - 4 * DAY),
      );
    const pending = s.pendingErasure ? await userId(s.pendingErasure) : undefined;
    if (pending) {
      const r = await createRequest(
        tx,
        admin,
        { kind: "erasure", user_id: pending, note: "Leaving the company at the end of the month" },
        new Date(now.getTime() - 27 * DAY),
      );
      await approveRequest(tx, admin, r.id);
    }
  }
}
