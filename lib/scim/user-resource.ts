// SCIM User <-> Warden user. userName is the e-mail (and the one work e-mail); the display name
// is `name`; externalId, given and family name are SCIM columns; meta.version is the row's
// version counter, which every SCIM write bumps.
import "server-only";
import { z } from "zod";
import { USER_SCHEMA } from "./attribute-map";

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
  memberships: { team: { id: string; name: string } }[];
}

export function scimBase(url: URL): string {
  const base = process.env.AUTH_URL?.replace(/\/+$/, "") || url.origin;
  return `${base}/scim/v2`;
}

export function userToScim(u: UserRow, base: string): Record<string, unknown> {
  return {
    schemas: [USER_SCHEMA],
    id: u.id,
    ...(u.scimExternalId ? { externalId: u.scimExternalId } : {}),
    userName: u.email,
    name: { formatted: u.name, ...(u.givenName ? { givenName: u.givenName } : {}), ...(u.familyName ? { familyName: u.familyName } : {}) },
    displayName: u.name,
    active: u.active,
    emails: [{ value: u.email, type: "work", primary: true }],
    groups: u.memberships.map((m) => ({ value: m.team.id, display: m.team.name, $ref: `${base}/Groups/${m.team.id}` })),
    meta: {
      resourceType: "User",
      created: u.createdAt.toISOString(),
      lastModified: u.updatedAt.toISOString(),
      location: `${base}/Users/${u.id}`,
      version: `W/"${u.version}"`,
    },
  };
}

// Entra sends booleans as "True"/"False" strings.
const boolish = z.preprocess((v) => (typeof v === "string" ? ({ true: true, false: false } as Record<string, boolean>)[v.toLowerCase()] ?? v : v), z.boolean());
const text = (max: number) => z.string().trim().max(max);

export const userInput = z
  .object({
    userName: text(320).min(1),
    externalId: text(255).nullish(),
    displayName: text(200).nullish(),
    name: z.object({ givenName: text(100).nullish(), familyName: text(100).nullish(), formatted: text(200).nullish() }).loose().nullish(),
    active: boolish.optional(),
    emails: z.array(z.object({ value: text(320).nullish(), type: z.string().nullish(), primary: boolish.nullish() }).loose()).nullish(),
  })
  .loose();
export type UserInput = z.infer<typeof userInput>;

export interface UserColumns {
  email: string;
  name: string;
  givenName: string | null;
  familyName: string | null;
  scimExternalId: string | null;
  active: boolean;
}

function workEmail(i: UserInput): string | undefined {
  const emails = i.emails ?? [];
  return (emails.find((e) => e.primary === true) ?? emails.find((e) => e.type?.toLowerCase() === "work") ?? emails[0])?.value ?? undefined;
}

function formatted(i: UserInput): string | undefined {
  const joined = [i.name?.givenName, i.name?.familyName].filter(Boolean).join(" ");
  return joined || i.name?.formatted || undefined;
}

/**
 * Columns from a SCIM document. `before` is the document as it was (PATCH/PUT), so a change to
 * emails[work].value alone, or to the name parts alone, carries through to e-mail and name.
 */
export function userColumns(i: UserInput, before?: UserInput): UserColumns {
  let email = i.userName;
  const mail = workEmail(i);
  if (before && mail && i.userName === before.userName && mail !== workEmail(before)) email = mail;
  const nameChanged = before && formatted(i) !== formatted(before) && i.displayName === before.displayName;
  const name = (nameChanged ? formatted(i) : i.displayName || formatted(i)) || email;
  return {
    email,
    name,
    givenName: i.name?.givenName ?? null,
    familyName: i.name?.familyName ?? null,
    scimExternalId: i.externalId ?? null,
    active: i.active ?? true,
  };
}
