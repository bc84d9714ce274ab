// Which SCIM attribute is which column. Attributes Warden itself uses have typed columns
// (users: id, userName = email, externalId, active, meta dates; teams: id, displayName = name,
// externalId, meta dates), groups / members are membership rows, and everything else in the
// schema lives in the row's JSONB document (users.scim_document). filter.ts and sortBy read these
// bindings; the attribute names come from schema.ts, so only served attributes are reachable.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { ScimError } from "./errors";
import type { Binding, Elements, Expr } from "./filter";
import { GROUP_RESOURCE, USER_RESOURCE, type AttrDef, type ResolvedPath } from "./schema";

export { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./schema";

const sql = Prisma.sql;
const text = (s: Prisma.Sql, caseExact: boolean): Expr => ({ sql: s, type: "string", caseExact });

/** meta.created / lastModified / resourceType; location and version are derived, not stored. */
function meta(p: ResolvedPath, alias: "u" | "t", resourceType: string): Expr {
  switch (p.sub?.name) {
    case "created":
      return { sql: alias === "u" ? sql`u.created_at` : sql`t.created_at`, type: "dateTime", caseExact: true };
    case "lastModified":
      return { sql: alias === "u" ? sql`u.updated_at` : sql`t.updated_at`, type: "dateTime", caseExact: true };
    case "resourceType":
      return text(sql`${resourceType}::text`, true);
    default:
      throw new ScimError(400, `Filtering on "meta${p.sub ? "." + p.sub.name : ""}" is not supported`, "invalidFilter");
  }
}

/** Users: `FROM users u`. */
export const USER_BINDING: Binding = {
  rs: USER_RESOURCE,
  doc: sql`u.scim_document`,
  column(p) {
    if (p.ext || p.attr.multiValued) return undefined;
    switch (p.attr.name) {
      case "id":
        return text(sql`u.id`, true);
      case "userName":
        // user_name_key = lower(email), kept by the users trigger: a plain column RLS lets an index serve.
        return { sql: sql`u.user_name_key`, type: "string", caseExact: false, folded: true };
      case "externalId":
        return text(sql`u.scim_external_id`, true);
      case "active":
        return { sql: sql`u.active`, type: "boolean", caseExact: true };
      case "meta":
        return meta(p, "u", "User");
      default:
        return undefined;
    }
  },
  relation(p): Elements | undefined {
    if (p.ext || p.attr.name !== "groups") return undefined;
    return {
      from: sql`team_memberships gm JOIN teams gt ON gt.tenant_id = gm.tenant_id AND gt.id = gm.team_id`,
      where: sql`gm.user_id = u.id`,
      field: (sub: AttrDef) =>
        sub.name === "value"
          ? text(sql`gm.team_id`, true)
          : sub.name === "display"
            ? text(sql`gt.name`, false)
            : sub.name === "type"
              ? text(sql`'direct'::text`, false)
              : undefined,
    };
  },
  // user_email_keys holds lower(emails[*].value), one row each (kept by the users trigger), under
  // an index on (tenant_id, value): exactly "some e-mail value equals v", case-insensitively.
  indexedEq(p, sub, value) {
    if (p.ext || p.attr.name !== "emails" || sub.name !== "value") return undefined;
    return sql`EXISTS (SELECT 1 FROM user_email_keys k WHERE k.user_id = u.id AND k.value = lower(${value}::text))`;
  },
};

/** Groups: `FROM teams t`. */
export const GROUP_BINDING: Binding = {
  rs: GROUP_RESOURCE,
  column(p) {
    switch (p.attr.name) {
      case "id":
        return text(sql`t.id`, true);
      case "displayName":
        return text(sql`t.name`, false);
      case "externalId":
        return text(sql`t.external_id`, true);
      case "meta":
        return meta(p, "t", "Group");
      default:
        return undefined;
    }
  },
  relation(p): Elements | undefined {
    if (p.attr.name !== "members") return undefined;
    return {
      from: sql`team_memberships mm JOIN users mu ON mu.tenant_id = mm.tenant_id AND mu.id = mm.user_id`,
      where: sql`mm.team_id = t.id`,
      field: (sub: AttrDef) =>
        sub.name === "value"
          ? text(sql`mm.user_id`, true)
          : sub.name === "display"
            ? text(sql`mu.name`, false)
            : sub.name === "type"
              ? text(sql`'User'::text`, true)
              : undefined,
    };
  },
};
