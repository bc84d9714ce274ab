// The SCIM schemas Warden serves at /Schemas (RFC 7643 §4, §8.7), as data. Everything else reads
// this one table: discovery serves it, validate.ts coerces and checks writes against it (types,
// mutability), filter.ts builds its allow-list of filterable paths from it, and list.ts applies
// its "returned" characteristics. So the served schema and the behaviour cannot drift apart.
import "server-only";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export type AttrType = "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "binary" | "complex";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";

export interface AttrDef {
  name: string;
  type: AttrType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: "none" | "server" | "global";
  description?: string;
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: AttrDef[];
}

type Opts = Partial<Omit<AttrDef, "name" | "type">>;

const a = (name: string, type: AttrType, o: Opts = {}): AttrDef => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...o,
});
const str = (name: string, o: Opts = {}) => a(name, "string", o);

/** The usual sub-attributes of a multi-valued attribute (value, display, type, primary). */
function multi(name: string, types: string[], valueType: AttrType = "string", o: Opts = {}): AttrDef {
  return a(name, "complex", {
    multiValued: true,
    ...o,
    subAttributes: [
      a("value", valueType, valueType === "reference" ? { referenceTypes: ["external"] } : {}),
      str("display"),
      str("type", types.length ? { canonicalValues: types } : {}),
      a("primary", "boolean"),
    ],
  });
}

/** Common attributes (RFC 7643 §3.1): not part of a schema's list, but filterable and projected. */
export const COMMON_ATTRS: AttrDef[] = [
  str("id", { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" }),
  str("externalId", { caseExact: true }),
  a("meta", "complex", {
    mutability: "readOnly",
    subAttributes: [
      str("resourceType", { caseExact: true, mutability: "readOnly" }),
      a("created", "dateTime", { mutability: "readOnly" }),
      a("lastModified", "dateTime", { mutability: "readOnly" }),
      a("location", "reference", { mutability: "readOnly", referenceTypes: ["uri"] }),
      str("version", { caseExact: true, mutability: "readOnly" }),
    ],
  }),
];

export const USER_ATTRS_DEF: AttrDef[] = [
  str("userName", { required: true, uniqueness: "server" }),
  a("name", "complex", {
    subAttributes: ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"].map(
      (n) => str(n),
    ),
  }),
  str("displayName"),
  str("nickName"),
  a("profileUrl", "reference", { referenceTypes: ["external"] }),
  str("title"),
  str("userType"),
  str("preferredLanguage"),
  str("locale"),
  str("timezone"),
  a("active", "boolean"),
  // Accepted and discarded: Warden signs people in through their IdP, never with a password.
  str("password", { mutability: "writeOnly", returned: "never" }),
  multi("emails", ["work", "home", "other"]),
  multi("phoneNumbers", ["work", "home", "mobile", "fax", "pager", "other"]),
  multi("ims", ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
  multi("photos", ["photo", "thumbnail"], "reference"),
  a("addresses", "complex", {
    multiValued: true,
    subAttributes: [
      ...["formatted", "streetAddress", "locality", "region", "postalCode", "country"].map((n) => str(n)),
      str("type", { canonicalValues: ["work", "home", "other"] }),
      a("primary", "boolean"),
    ],
  }),
  a("groups", "complex", {
    multiValued: true,
    mutability: "readOnly",
    subAttributes: [
      str("value", { caseExact: true, mutability: "readOnly" }),
      a("$ref", "reference", { mutability: "readOnly", referenceTypes: ["Group"] }),
      str("display", { mutability: "readOnly" }),
      str("type", { mutability: "readOnly", canonicalValues: ["direct", "indirect"] }),
    ],
  }),
  multi("entitlements", []),
  multi("roles", []),
  multi("x509Certificates", [], "binary"),
];

export const ENTERPRISE_ATTRS_DEF: AttrDef[] = [
  str("employeeNumber"),
  str("costCenter"),
  str("organization"),
  str("division"),
  str("department"),
  a("manager", "complex", {
    subAttributes: [
      str("value", { caseExact: true }),
      a("$ref", "reference", { referenceTypes: ["User"] }),
      str("displayName", { mutability: "readOnly" }),
    ],
  }),
];

export const GROUP_ATTRS_DEF: AttrDef[] = [
  str("displayName", { required: true, uniqueness: "server" }),
  a("members", "complex", {
    multiValued: true,
    subAttributes: [
      str("value", { caseExact: true, mutability: "immutable" }),
      a("$ref", "reference", { mutability: "immutable", referenceTypes: ["User", "Group"] }),
      str("display", { mutability: "readOnly" }),
      str("type", { mutability: "immutable", canonicalValues: ["User", "Group"] }),
    ],
  }),
];

/** One resource type: its core schema, extensions, and every top-level attribute by lower-cased name. */
export interface ResourceSchema {
  resourceType: "User" | "Group";
  core: string;
  extensions: { urn: string; attrs: AttrDef[] }[];
  attrs: AttrDef[];
}

export const USER_RESOURCE: ResourceSchema = {
  resourceType: "User",
  core: USER_SCHEMA,
  extensions: [{ urn: ENTERPRISE_USER_SCHEMA, attrs: ENTERPRISE_ATTRS_DEF }],
  attrs: [...COMMON_ATTRS, ...USER_ATTRS_DEF],
};

export const GROUP_RESOURCE: ResourceSchema = {
  resourceType: "Group",
  core: GROUP_SCHEMA,
  extensions: [],
  attrs: [...COMMON_ATTRS, ...GROUP_ATTRS_DEF],
};

export const findAttr = (list: AttrDef[] | undefined, name: string): AttrDef | undefined =>
  list?.find((d) => d.name.toLowerCase() === name.toLowerCase());

/**
 * A resolved attribute path. `ext` is the extension URN when the attribute lives in one (the
 * document keeps it under that URN), `attr` the top-level attribute, `sub` a sub-attribute.
 */
export interface ResolvedPath {
  ext?: string;
  attr: AttrDef;
  sub?: AttrDef;
}

/**
 * Resolves "name.givenName", "urn:…:core:2.0:User:userName", "urn:…:enterprise:2.0:User:manager.value"
 * against the schema, case-insensitively; undefined when the schema has no such attribute.
 */
export function resolvePath(rs: ResourceSchema, raw: string): ResolvedPath | undefined {
  let path = raw.trim();
  let ext: string | undefined;
  let list = rs.attrs;
  const lower = path.toLowerCase();
  if (lower.startsWith(rs.core.toLowerCase() + ":")) path = path.slice(rs.core.length + 1);
  else {
    const e = rs.extensions.find((x) => lower.startsWith(x.urn.toLowerCase() + ":"));
    if (e) {
      ext = e.urn;
      list = e.attrs;
      path = path.slice(e.urn.length + 1);
    }
  }
  const [top, subName, ...rest] = path.split(".");
  if (rest.length) return undefined;
  const attr = findAttr(list, top);
  if (!attr) return undefined;
  if (subName === undefined) return { ext, attr };
  const sub = findAttr(attr.subAttributes, subName);
  return sub ? { ext, attr, sub } : undefined;
}

function served(d: AttrDef): Record<string, unknown> {
  const { subAttributes, ...rest } = d;
  return { ...rest, ...(subAttributes ? { subAttributes: subAttributes.map(served) } : {}) };
}

/** The /Schemas documents. Common attributes (id, externalId, meta) are left out, as RFC 7643 §7 does. */
export function schemaDocuments(base: string) {
  const doc = (id: string, name: string, description: string, attrs: AttrDef[]) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id,
    name,
    description,
    attributes: attrs.map(served),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
  });
  return [
    doc(USER_SCHEMA, "User", "User Account", USER_ATTRS_DEF),
    doc(GROUP_SCHEMA, "Group", "Group (a Warden team)", GROUP_ATTRS_DEF),
    doc(ENTERPRISE_USER_SCHEMA, "EnterpriseUser", "Enterprise User", ENTERPRISE_ATTRS_DEF),
  ];
}
