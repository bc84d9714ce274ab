// What provisioning brought about a person, for the console's details sheet: the few SCIM
// attributes an admin looks for (title, department, manager, phones, ...), read from the stored
// SCIM document (users.scim_document). Pure: no database, no side effects.
import { ENTERPRISE_USER_SCHEMA } from "./schema";

export interface ProvisionedProfile {
  title: string | null;
  department: string | null;
  division: string | null;
  organization: string | null;
  cost_center: string | null;
  employee_number: string | null;
  manager: { id: string | null; name: string | null } | null;
  phones: { value: string; type: string | null }[];
  user_type: string | null;
  locale: string | null;
  timezone: string | null;
}

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

/** Null when the document carries none of these attributes (a person not provisioned by SCIM). */
export function provisionedProfile(document: unknown): ProvisionedProfile | null {
  const doc = isObject(document) ? document : {};
  const ent = isObject(doc[ENTERPRISE_USER_SCHEMA]) ? (doc[ENTERPRISE_USER_SCHEMA] as Doc) : {};
  const mgr = ent.manager;
  const manager = isObject(mgr)
    ? { id: text(mgr.value), name: text(mgr.displayName) }
    : text(mgr)
      ? { id: text(mgr), name: null }
      : null;
  const phones = (Array.isArray(doc.phoneNumbers) ? doc.phoneNumbers : [])
    .filter(isObject)
    .flatMap((p) => (text(p.value) ? [{ value: text(p.value)!, type: text(p.type) }] : []));
  const profile: ProvisionedProfile = {
    title: text(doc.title),
    department: text(ent.department),
    division: text(ent.division),
    organization: text(ent.organization),
    cost_center: text(ent.costCenter),
    employee_number: text(ent.employeeNumber),
    manager: manager && (manager.id || manager.name) ? manager : null,
    phones,
    user_type: text(doc.userType),
    locale: text(doc.locale),
    timezone: text(doc.timezone),
  };
  const empty = Object.values(profile).every((v) => v === null || (Array.isArray(v) && v.length === 0));
  return empty ? null : profile;
}
