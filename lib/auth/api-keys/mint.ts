// The one way an API key comes into existence: console, /v1 and SAML (short-lived keys) all
// call mintApiKey inside their tenant transaction. It enforces the shape rules (known role,
// scopes only narrow the role, TTL within policy); whether the CALLER may mint such a key is
// checked by the caller (see manage.ts), because a SAML assertion has no actor to compare with.
import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { WardenError } from "@/lib/errors";
import { permissionsForRole } from "@/lib/rbac/authorize";
import { isPermission } from "@/lib/rbac/permissions";
import type { TenantTx } from "@/lib/tenancy/with-tenant";
import { apiKeyPolicy } from "./policy";
import { newSecret } from "./secret";

export type ApiKeySource = "console" | "api" | "saml";

export interface MintInput {
  tenantId: string;
  role: string;
  /** Optional narrowing of the role's permissions; empty or absent = the whole role. */
  scopes?: string[];
  ttlSeconds: number;
  name: string;
  createdBy: Pick<Actor, "kind" | "subject"> | { kind: "saml"; subject: string };
  source: ApiKeySource;
  /** Set by rotation: the key this one replaces. */
  rotatedFrom?: string;
}

export interface MintedKey {
  id: string;
  /** The only time the secret exists outside the caller's hands. Never stored. */
  secret: string;
  prefix: string;
  expiresAt: Date;
}

export async function mintApiKey(tx: TenantTx, input: MintInput): Promise<MintedKey> {
  const rolePermissions = await permissionsForRole(input.role);
  if (rolePermissions.size === 0) {
    throw new WardenError("invalid_request", `Unknown role ${input.role}`, {
      issues: [{ path: "role", message: "Unknown role" }],
    });
  }
  const scopes = [...new Set(input.scopes ?? [])].sort();
  const outside = scopes.filter((s) => !isPermission(s) || !rolePermissions.has(s));
  if (outside.length > 0) {
    throw new WardenError(
      "invalid_request",
      `Scopes can only narrow the role: ${outside.join(", ")} not in role ${input.role}`,
      {
        issues: [{ path: "scopes", message: `Not granted by role ${input.role}: ${outside.join(", ")}` }],
      },
    );
  }
  const maxSeconds = apiKeyPolicy().maxTtlDays * 86_400;
  if (!(input.ttlSeconds > 0) || input.ttlSeconds > maxSeconds) {
    throw new WardenError("invalid_request", `The lifetime must be between 1 second and ${maxSeconds} seconds`, {
      issues: [{ path: "ttl", message: "Outside the key lifetime policy" }],
    });
  }
  const { token: secret, prefix, hash } = newSecret();
  const expiresAt = new Date(Date.now() + input.ttlSeconds * 1000);
  const createdBy = input.createdBy.kind === "saml" ? `saml:${input.createdBy.subject}` : input.createdBy.subject;
  const row = await tx.apiKey.create({
    data: {
      tenantId: input.tenantId,
      name: input.name,
      prefix,
      secretHash: hash,
      role: input.role,
      scopes,
      source: input.source,
      createdBy,
      expiresAt,
      rotatedFrom: input.rotatedFrom ?? null,
    },
    select: { id: true },
  });
  return { id: row.id, secret, prefix, expiresAt };
}
