// SCIM User <-> Warden user. The IdP's whole resource is kept in users.scim_document (canonical
// names, validated against /Schemas); the typed columns Warden uses are derived from it on every
// write: email = userName, name = displayName (else name.formatted, else given + family name),
// given and family name, externalId, active. On the way out the document is returned as stored,
// with the columns laid over it (so a console change to active shows), groups from memberships,
// the enterprise manager's displayName from the manager's row, and meta from the row.
import "server-only";
import { ScimError } from "./errors";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "./schema";
import type { Doc } from "./validate";

export const userInclude = { memberships: { select: { team: { select: { id: true, name: true } } } } } as const;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  scimExternalId: string | null;
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  scimDocument: unknown;
  memberships: { team: { id: string; name: string } }[];
}

export function scimBase(url: URL): string {
  const base = process.env.AUTH_URL?.replace(/\/+$/, "") || url.origin;
  return `${base}/scim/v2`;
}

const isObject = (v: unknown): v is Doc => v !== null && typeof v === "object" && !Array.isArray(v);

export const documentOf = (u: { scimDocument: unknown }): Doc => (isObject(u.scimDocument) ? u.scimDocument : {});

/** The manager id in a document, if any: the one reference between users in it. */
export function managerId(doc: Doc): string | undefined {
  const ext = doc[ENTERPRISE_USER_SCHEMA];
  const m = isObject(ext) ? ext.manager : undefined;
  return isObject(m) && typeof m.value === "string" ? m.value : undefined;
}

/** The stored document with the columns laid over it: what PATCH starts from. */
export function currentDocument(u: UserRow): Doc {
  const { userName: _u, active: _a, externalId: _e, ...rest } = documentOf(u);
  return {
    userName: u.email,
    ...rest,
    active: u.active,
    ...(u.scimExternalId ? { externalId: u.scimExternalId } : {}),
  };
}

export function userToScim(u: UserRow, base: string, managers: Map<string, string> = new Map()): Doc {
  const { userName, active, externalId, ...attrs } = currentDocument(u);
  const ext = attrs[ENTERPRISE_USER_SCHEMA];
  if (isObject(ext) && isObject(ext.manager)) {
    const name = managers.get(String(ext.manager.value));
    const manager = {
      ...ext.manager,
      $ref: ext.manager.$ref ?? `${base}/Users/${ext.manager.value}`,
      ...(name ? { displayName: name } : {}),
    };
    attrs[ENTERPRISE_USER_SCHEMA] = { ...ext, manager };
  }
  return {
    schemas: isObject(ext) ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: u.id,
    ...(externalId ? { externalId } : {}),
    userName,
    ...attrs,
    active,
    groups: u.memberships.map((m) => ({
      value: m.team.id,
      display: m.team.name,
      type: "direct",
      $ref: `${base}/Groups/${m.team.id}`,
    })),
    meta: {
      resourceType: "User",
      created: u.createdAt.toISOString(),
      lastModified: u.updatedAt.toISOString(),
      location: `${base}/Users/${u.id}`,
      version: `W/"${u.version}"`,
    },
  };
}

export interface UserColumns {
  email: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  scimExternalId: string | null;
  active: boolean;
  scimDocument: Doc;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** Columns from a validated document (validate.ts has checked types and that userName is there). */
export function userColumns(doc: Doc): UserColumns {
  const name = isObject(doc.name) ? doc.name : {};
  const email = str(doc.userName)!;
  if (email.length > 320) throw new ScimError(400, "userName is longer than 320 characters", "invalidValue");
  const joined = [str(name.givenName), str(name.familyName)].filter(Boolean).join(" ");
  return {
    email,
    name: (str(doc.displayName) ?? str(name.formatted) ?? joined) || email,
    givenName: str(name.givenName) ?? null,
    familyName: str(name.familyName) ?? null,
    scimExternalId: str(doc.externalId) ?? null,
    active: doc.active === undefined ? true : doc.active === true,
    scimDocument: doc,
  };
}
