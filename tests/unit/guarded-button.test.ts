// The UI hint: buttons for actions the actor cannot perform render disabled with the reason.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PublicActor } from "@/lib/auth/actor";
import { ActorProvider } from "@/components/rbac/actor-provider";
import { GuardedButton } from "@/components/rbac/guarded-button";
import { PermissionGrid } from "@/components/rbac/permission-grid";
import { ROLE_PERMISSIONS } from "@/lib/rbac/permissions";

const actor = (role: "viewer" | "admin"): PublicActor => ({
  subject: "usr_1",
  tenantId: "tn_1",
  tenantSlug: "acme",
  role,
  permissions: [...ROLE_PERMISSIONS[role]],
  authMethod: "session",
});

const render = (role: "viewer" | "admin") =>
  renderToStaticMarkup(
    createElement(
      ActorProvider,
      { actor: actor(role) } as Parameters<typeof ActorProvider>[0],
      createElement(GuardedButton, { permission: "roles.write" }, "New role"),
    ),
  );

describe("GuardedButton", () => {
  it("is disabled with the reason for a viewer", () => {
    const html = render("viewer");
    expect(html).toMatch(/<button[^>]*disabled=""/);
    expect(html).toContain("Your role doesn&#x27;t include roles.write.");
    expect(html).toContain('data-denied="roles.write"');
  });

  it("is enabled for an admin", () => {
    expect(render("admin")).not.toMatch(/ disabled=""/);
  });
});

describe("PermissionGrid", () => {
  it("locks permissions the editor does not hold, and lets them remove ones already present", () => {
    const html = renderToStaticMarkup(
      createElement(PermissionGrid, {
        label: "p",
        value: new Set(["audit.manage"] as const),
        onChange: () => {},
        grantable: new Set(["audit.read"] as const),
      }),
    );
    expect(html).toMatch(/aria-label="audit\.read"(?![^>]*disabled)[^>]*>/);
    expect(html).toMatch(/aria-label="identity\.write"[^>]*disabled=""/);
    expect(html).toMatch(/aria-label="audit\.manage"(?![^>]*disabled)[^>]*checked=""/);
  });
});
