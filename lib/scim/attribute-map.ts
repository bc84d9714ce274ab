// Which SCIM attribute is which column. Filters (filter.ts) and sortBy read this table; names
// are matched case-insensitively (RFC 7643 §2.1) and the core schema URN prefix is optional.
import "server-only";

export type AttrSpec =
  | { kind: "string"; field: string; ci: boolean; nullable: boolean }
  | { kind: "bool"; field: string }
  | { kind: "date"; field: string }
  /** A value every resource has (emails.type is always "work"). */
  | { kind: "const"; value: string | boolean }
  /** Membership relation: the other side's id, or its name. */
  | { kind: "member"; field: "userId" | "teamId" }
  | { kind: "memberName"; relation: "user" | "team" };

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const META = {
  "meta.created": { kind: "date", field: "createdAt" },
  "meta.lastmodified": { kind: "date", field: "updatedAt" },
  id: { kind: "string", field: "id", ci: false, nullable: false },
} as const satisfies Record<string, AttrSpec>;

export const USER_ATTRS: Record<string, AttrSpec> = {
  ...META,
  username: { kind: "string", field: "email", ci: true, nullable: false },
  emails: { kind: "string", field: "email", ci: true, nullable: false },
  "emails.value": { kind: "string", field: "email", ci: true, nullable: false },
  "emails.type": { kind: "const", value: "work" },
  "emails.primary": { kind: "const", value: true },
  externalid: { kind: "string", field: "scimExternalId", ci: false, nullable: true },
  displayname: { kind: "string", field: "name", ci: true, nullable: false },
  "name.formatted": { kind: "string", field: "name", ci: true, nullable: false },
  "name.givenname": { kind: "string", field: "givenName", ci: true, nullable: true },
  "name.familyname": { kind: "string", field: "familyName", ci: true, nullable: true },
  active: { kind: "bool", field: "active" },
  groups: { kind: "member", field: "teamId" },
  "groups.value": { kind: "member", field: "teamId" },
  "groups.display": { kind: "memberName", relation: "team" },
};

export const GROUP_ATTRS: Record<string, AttrSpec> = {
  ...META,
  displayname: { kind: "string", field: "name", ci: true, nullable: false },
  externalid: { kind: "string", field: "externalId", ci: false, nullable: true },
  members: { kind: "member", field: "userId" },
  "members.value": { kind: "member", field: "userId" },
  "members.display": { kind: "memberName", relation: "user" },
};

/** "urn:...:core:2.0:User:name.givenName" -> "name.givenname". */
export function normalizeAttrPath(path: string): string {
  let p = path.trim();
  for (const urn of [USER_SCHEMA, GROUP_SCHEMA]) {
    if (p.toLowerCase().startsWith(urn.toLowerCase() + ":")) p = p.slice(urn.length + 1);
  }
  return p.toLowerCase();
}
