"use client";

import type { PublicActor } from "@/lib/auth/actor";
import { useActor } from "@/components/rbac/actor-provider";
import { roleLabel } from "@/components/rbac/role-label";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

const METHOD_LABEL: Record<PublicActor["authMethod"], string> = {
  session: "Browser session (SSO)",
  api_key: "API key",
  oidc: "OIDC bearer token",
  saml: "SAML-issued key",
  proxy: "Trusted proxy",
  virtual_key: "Virtual key",
  scim: "SCIM token",
  system: "System",
  support: "Support access (platform operator)",
};

// Shows the real session actor (the public subset the server sent), never sample data.
export function ActorSummary() {
  const actor = useActor();
  const rows: Array<[string, string]> = [
    ["Name", actor.displayName ?? "—"],
    ["Email", actor.email ?? "—"],
    ["Subject", actor.subject],
    ["Tenant", actor.tenantName ? `${actor.tenantName} (${actor.tenantSlug})` : actor.tenantSlug],
    ["Role", roleLabel(actor.role, actor.roleName)],
    ["Signed in by", METHOD_LABEL[actor.authMethod]],
  ];

  return (
    <Card>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 p-5 text-sm sm:grid-cols-[9rem_minmax(0,1fr)]">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-muted">{term}</dt>
            <dd className="-mt-2 break-words text-fg sm:mt-0">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="border-t border-border p-5">
        <h2 className="text-sm font-medium text-fg">
          Permissions <span className="font-normal text-muted">({actor.permissions.length})</span>
        </h2>
        {actor.permissions.length > 0 ? (
          <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Permissions">
            {actor.permissions.map((permission) => (
              <li key={permission}>
                <Badge className="font-mono">{permission}</Badge>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-2 text-sm text-muted">Your role grants no permissions in this tenant.</p>
        )}
      </div>
    </Card>
  );
}
