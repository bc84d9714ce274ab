// The API reference (Settings -> API) read from the OpenAPI document (lib/api/openapi.json): the
// operations grouped by tag, each schema flattened into a readable field table with `$ref`s
// resolved into components, and the "Copy as curl" command. Pure and browser-safe: the page
// builds the view on the server, and the browser builds the curl with its own origin.

/** The parts of a JSON Schema (OpenAPI 3.1) the reference reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

interface MediaObject {
  schema?: JsonSchema;
  example?: unknown;
}

interface ParameterObject {
  $ref?: string;
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
  example?: unknown;
}

interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaObject>;
}

interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  deprecated?: boolean;
  "x-required-permission"?: string;
  parameters?: ParameterObject[];
  requestBody?: { $ref?: string; required?: boolean; description?: string; content?: Record<string, MediaObject> };
  responses?: Record<string, ResponseObject>;
}

export interface OpenApiDoc {
  openapi: string;
  info?: { title?: string; version?: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown> | undefined>;
}

/** One request the reference shows and "Copy as curl" sends: path parameters by name, query, JSON body. */
export interface ExampleRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** One line of a field table: `path` is the full dotted path (`data[].budget.limit_usd`), `depth` its nesting. */
export interface FieldRow {
  path: string;
  name: string;
  depth: number;
  type: string;
  required: boolean;
  nullable: boolean;
  description?: string;
  /** Allowed values (enum / const), as JSON text. */
  values?: string[];
  /** Limits and defaults, e.g. "1-200", "default 50". */
  notes?: string[];
}

export interface ParamView {
  name: string;
  required: boolean;
  type: string;
  description?: string;
  values?: string[];
  notes?: string[];
}

export interface BodyView {
  contentType: string;
  /** Type of the whole body ("object", "array of object", "string"). */
  type: string;
  rows: FieldRow[];
}

export interface ResponseView extends Partial<BodyView> {
  status: string;
  description: string;
}

export interface ErrorView {
  status: string;
  types: string[];
}

export interface OperationView {
  /** Unique within the document: operationId, or "METHOD path". */
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  deprecated: boolean;
  /** x-required-permission: a permission, "authenticated", or "public". */
  permission: string | null;
  pathParams: ParamView[];
  queryParams: ParamView[];
  body: BodyView | null;
  responses: ResponseView[];
  errors: ErrorView[];
  example: ExampleRequest;
}

export interface TagView {
  name: string;
  description?: string;
  operations: OperationView[];
}

export interface ReferenceView {
  title: string;
  version: string;
  groups: TagView[];
  operationCount: number;
}

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;
const MAX_DEPTH = 8;

/** Follows a local `#/...` JSON pointer; anything else (or a pointer to nothing) stays as given. */
export function resolveRef<T extends { $ref?: string }>(doc: OpenApiDoc, value: T, seen: string[] = []): T {
  let current: T = value;
  const chain = [...seen];
  while (current && typeof current.$ref === "string" && current.$ref.startsWith("#/")) {
    if (chain.includes(current.$ref)) break;
    chain.push(current.$ref);
    let target: unknown = doc;
    for (const raw of current.$ref.slice(2).split("/")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      target = target && typeof target === "object" ? (target as Record<string, unknown>)[key] : undefined;
    }
    if (!target || typeof target !== "object") break;
    // Siblings of $ref (3.1 allows a description next to it) win over the target's.
    const { $ref: _ignored, ...siblings } = current;
    current = { ...(target as T), ...siblings };
  }
  return current;
}

const refName = (ref: string) => ref.split("/").pop() ?? ref;
const json = (v: unknown) => JSON.stringify(v);

function isNull(s: JsonSchema): boolean {
  return (
    s.type === "null" ||
    (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === "null") ||
    (s.const === null && s.type === undefined)
  );
}

/** A schema with its `null` alternative taken off: `{ schema, nullable }`. */
function withoutNull(doc: OpenApiDoc, schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const s = resolveRef(doc, schema);
  let nullable = s.nullable === true;
  if (Array.isArray(s.type) && s.type.includes("null")) {
    const rest = s.type.filter((t) => t !== "null");
    return { schema: { ...s, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts.some((a) => isNull(resolveRef(doc, a)))) {
    nullable = true;
    const rest = alts.filter((a) => !isNull(resolveRef(doc, a)));
    const { anyOf: _a, oneOf: _o, ...outer } = s;
    if (rest.length === 1) {
      const inner = resolveRef(doc, rest[0]);
      return { schema: { ...inner, description: inner.description ?? outer.description }, nullable };
    }
    return { schema: { ...outer, ...(s.anyOf ? { anyOf: rest } : { oneOf: rest }) }, nullable };
  }
  if (s.enum && s.enum.includes(null))
    return { schema: { ...s, enum: s.enum.filter((v) => v !== null) }, nullable: true };
  return { schema: s, nullable };
}

/** allOf merged into one object schema (properties and required united). */
function mergeAllOf(doc: OpenApiDoc, s: JsonSchema): JsonSchema {
  if (!s.allOf) return s;
  const { allOf, ...rest } = s;
  const out: JsonSchema = { ...rest, properties: { ...(rest.properties ?? {}) }, required: [...(rest.required ?? [])] };
  for (const part of allOf) {
    const p = mergeAllOf(doc, resolveRef(doc, part));
    Object.assign(out.properties!, p.properties ?? {});
    out.required!.push(...(p.required ?? []));
    if (!out.type && p.type) out.type = p.type;
    if (!out.description && p.description) out.description = p.description;
  }
  return out;
}

function primitiveType(s: JsonSchema): string {
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (s.type) return s.type;
  if (s.properties || s.additionalProperties) return "object";
  if (s.items) return "array";
  if (s.const !== undefined) return s.const === null ? "null" : typeof s.const;
  if (s.enum?.length) return [...new Set(s.enum.map((v) => (v === null ? "null" : typeof v)))].join(" | ");
  return "any";
}

/** A short type label: "string (date-time)", "array of object", "map of string", "one of: string | integer". */
export function typeLabel(doc: OpenApiDoc, schema: JsonSchema, seen: string[] = []): string {
  const { schema: raw } = withoutNull(doc, schema);
  // A named component object reads by its name ("Customer", "array of Customer").
  if (schema.$ref && primitiveType(mergeAllOf(doc, raw)) === "object" && !raw.anyOf && !raw.oneOf)
    return refName(schema.$ref);
  const s = mergeAllOf(doc, raw);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const labels = [...new Set(alts.map((a) => typeLabel(doc, a, seen)))];
    return labels.length === 1 ? labels[0] : `one of: ${labels.join(" | ")}`;
  }
  const t = primitiveType(s);
  if (t === "array") {
    if (!s.items) return "array";
    const ref = s.items.$ref;
    if (ref && seen.includes(ref)) return `array of ${refName(ref)}`;
    return `array of ${typeLabel(doc, s.items, seen)}`;
  }
  if (t === "object" && !s.properties && s.additionalProperties && typeof s.additionalProperties === "object") {
    return `map of ${typeLabel(doc, s.additionalProperties, seen)}`;
  }
  return s.format ? `${t} (${s.format})` : t;
}

function notesOf(s: JsonSchema): string[] {
  const notes: string[] = [];
  // Bounds that only restate the type (zod's safe-integer limits) say nothing to a reader.
  const real = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);
  const range = (lo: number | undefined, hi: number | undefined, unit: string, loOpen = false, hiOpen = false) => {
    if (lo !== undefined && hi !== undefined && !loOpen && !hiOpen) notes.push(`${lo}-${hi}${unit}`);
    else {
      if (lo !== undefined) notes.push(`${loOpen ? ">" : "≥"} ${lo}${unit}`);
      if (hi !== undefined) notes.push(`${hiOpen ? "<" : "≤"} ${hi}${unit}`);
    }
  };
  const lo = real(s.exclusiveMinimum) ?? real(s.minimum);
  const hi = real(s.exclusiveMaximum) ?? real(s.maximum);
  range(lo, hi, "", real(s.exclusiveMinimum) !== undefined, real(s.exclusiveMaximum) !== undefined);
  const count = (n: number | undefined) => (n ? real(n) : undefined);
  range(count(s.minLength), real(s.maxLength), " chars");
  range(count(s.minItems), real(s.maxItems), " items");
  if (s.pattern) notes.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) notes.push(`default ${json(s.default)}`);
  return notes;
}

function valuesOf(s: JsonSchema): string[] | undefined {
  if (s.const !== undefined) return [json(s.const)];
  if (s.enum?.length) return s.enum.map(json);
  const alts = s.anyOf ?? s.oneOf;
  // A union of constants (z.literal("a").or(z.literal("b"))) reads as its values.
  if (alts?.length && alts.every((a) => a.const !== undefined || a.enum?.length))
    return alts.flatMap((a) => valuesOf(a) ?? []);
  return undefined;
}

function childRows(doc: OpenApiDoc, schema: JsonSchema, prefix: string, depth: number, seen: string[]): FieldRow[] {
  if (depth > MAX_DEPTH) return [];
  const { schema: raw } = withoutNull(doc, schema);
  const s = mergeAllOf(doc, raw);
  const rows: FieldRow[] = [];
  const alts = s.anyOf ?? s.oneOf;
  if (alts && !valuesOf(s)) {
    // A union of object shapes: each option's fields under "(option n)".
    const objects = alts.map((a) => resolveRef(doc, a)).filter((a) => primitiveType(mergeAllOf(doc, a)) === "object");
    if (objects.length > 1) {
      objects.forEach((option, i) => {
        const name = `(option ${i + 1})`;
        const path = prefix ? `${prefix}.${name}` : name;
        rows.push({
          path,
          name,
          depth,
          type: option.title ?? "object",
          required: false,
          nullable: false,
          ...(option.description ? { description: option.description } : {}),
        });
        rows.push(...childRows(doc, option, path, depth + 1, seen));
      });
    } else if (objects.length === 1) rows.push(...childRows(doc, objects[0], prefix, depth, seen));
    return rows;
  }
  const t = primitiveType(s);
  if (t === "array" && s.items) {
    const ref = s.items.$ref;
    if (ref && seen.includes(ref)) return rows;
    return childRows(doc, s.items, `${prefix}[]`, depth, ref ? [...seen, ref] : seen);
  }
  if (s.properties) {
    const required = new Set(s.required ?? []);
    for (const [name, prop] of Object.entries(s.properties)) {
      const path = prefix ? `${prefix}.${name}` : name;
      rows.push(...fieldRows(doc, name, prop, path, depth, required.has(name), seen));
    }
    return rows;
  }
  if (s.additionalProperties && typeof s.additionalProperties === "object") {
    const inner = resolveRef(doc, s.additionalProperties);
    if (primitiveType(mergeAllOf(doc, withoutNull(doc, inner).schema)) === "object") {
      const path = `${prefix}.{key}`;
      rows.push(...fieldRows(doc, "{key}", s.additionalProperties, path, depth, false, seen));
    }
  }
  return rows;
}

function fieldRows(
  doc: OpenApiDoc,
  name: string,
  prop: JsonSchema,
  path: string,
  depth: number,
  required: boolean,
  seen: string[],
): FieldRow[] {
  const itemsRef = primitiveType(prop) === "array" ? prop.items?.$ref : undefined;
  const ref = prop.$ref ?? itemsRef;
  const recursive = ref !== undefined && seen.includes(ref);
  const { schema: raw, nullable } = withoutNull(doc, prop);
  const s = mergeAllOf(doc, raw);
  const values = valuesOf(s);
  const notes = notesOf(s);
  const row: FieldRow = {
    path,
    name,
    depth,
    type: recursive
      ? primitiveType(prop) === "array"
        ? `array of ${refName(ref!)}`
        : refName(ref!)
      : typeLabel(doc, prop, seen),
    required,
    nullable,
    ...((s.description ?? prop.description) ? { description: s.description ?? prop.description } : {}),
    ...(values ? { values } : {}),
    ...(notes.length ? { notes } : {}),
  };
  if (recursive)
    return [
      { ...row, description: [row.description, `The same shape as ${refName(ref!)} above.`].filter(Boolean).join(" ") },
    ];
  // Array items add their own $ref to `seen` in childRows.
  return [row, ...childRows(doc, prop, path, depth + 1, prop.$ref ? [...seen, prop.$ref] : seen)];
}

/**
 * The field table of a schema: one row per property, children after their parent with depth + 1,
 * array items as `name[].child`, map values as `name.{key}`, a union of objects as `(option n)`.
 * A `$ref` that refers back to an enclosing one is shown once, not expanded again.
 */
export function schemaRows(doc: OpenApiDoc, schema: JsonSchema | undefined): FieldRow[] {
  if (!schema) return [];
  const ref = schema.$ref;
  return childRows(doc, schema, "", 0, ref ? [ref] : []);
}

function paramView(doc: OpenApiDoc, p: ParameterObject): ParamView {
  const schema = p.schema ? mergeAllOf(doc, withoutNull(doc, p.schema).schema) : {};
  const values = valuesOf(schema);
  const notes = notesOf(schema);
  return {
    name: p.name,
    required: p.required === true,
    type: p.schema ? typeLabel(doc, p.schema) : "string",
    ...((p.description ?? schema.description) ? { description: p.description ?? schema.description } : {}),
    ...(values ? { values } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

function bodyView(doc: OpenApiDoc, content: Record<string, MediaObject> | undefined): BodyView | null {
  if (!content) return null;
  const [contentType, media] = Object.entries(content)[0] ?? [];
  if (!contentType) return null;
  const schema = media?.schema;
  return { contentType, type: schema ? typeLabel(doc, schema) : "any", rows: schemaRows(doc, schema) };
}

/** The error types a response documents: its schema's error.type values, else the types its description lists. */
function errorTypes(doc: OpenApiDoc, res: ResponseObject): string[] {
  const schema = res.content?.["application/json"]?.schema;
  if (schema) {
    const body = mergeAllOf(doc, resolveRef(doc, schema));
    const error = body.properties?.error ? mergeAllOf(doc, resolveRef(doc, body.properties.error)) : undefined;
    const type = error?.properties?.type ? mergeAllOf(doc, resolveRef(doc, error.properties.type)) : undefined;
    const values = type ? valuesOf(type) : undefined;
    if (values?.length) return values.map((v) => JSON.parse(v) as string);
  }
  // A description that is only a list of error types ("authentication_required, invalid_credentials").
  const words = (res.description ?? "")
    .replace(/`/g, "")
    .split(/[\s,]+/)
    .filter(Boolean);
  if (words.length && words.every((w) => /^[a-z]+(_[a-z]+)*$/.test(w))) return words;
  return res.description ? [res.description] : [];
}

/** The example request a route declares, as the document carries it: on its parameters and its JSON body. */
function exampleOf(doc: OpenApiDoc, op: OperationObject, params: ParameterObject[]): ExampleRequest {
  const out: ExampleRequest = {};
  for (const p of params) {
    if (p.example === undefined) continue;
    const bucket = p.in === "path" ? (out.params ??= {}) : p.in === "query" ? (out.query ??= {}) : null;
    if (bucket) bucket[p.name] = String(p.example);
  }
  const body = op.requestBody ? resolveRef(doc, op.requestBody) : undefined;
  const media = body?.content?.["application/json"];
  if (media?.example !== undefined) out.body = media.example;
  return out;
}

function operationView(
  doc: OpenApiDoc,
  path: string,
  method: string,
  op: OperationObject,
  shared: ParameterObject[],
): OperationView {
  const params = [...shared, ...(op.parameters ?? [])].map((p) => resolveRef(doc, p));
  const responses: ResponseView[] = [];
  const errors: ErrorView[] = [];
  for (const [status, r] of Object.entries(op.responses ?? {})) {
    const res = resolveRef(doc, r);
    if (/^[45]/.test(status)) errors.push({ status, types: errorTypes(doc, res) });
    else responses.push({ status, description: res.description ?? "", ...(bodyView(doc, res.content) ?? {}) });
  }
  const requestBody = op.requestBody ? resolveRef(doc, op.requestBody) : undefined;
  return {
    id: op.operationId ?? `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    tag: op.tags?.[0] ?? "Other",
    // The generator's placeholder summary ("GET /v1/x") repeats the line it would stand on.
    summary: op.summary && op.summary !== `${method.toUpperCase()} ${path}` ? op.summary : "",
    ...(op.description ? { description: op.description } : {}),
    deprecated: op.deprecated === true,
    permission: op["x-required-permission"] ?? null,
    pathParams: params.filter((p) => p.in === "path").map((p) => paramView(doc, p)),
    queryParams: params.filter((p) => p.in === "query").map((p) => paramView(doc, p)),
    body: bodyView(doc, requestBody?.content),
    responses,
    errors: errors.sort((a, b) => a.status.localeCompare(b.status)),
    example: exampleOf(doc, op, params),
  };
}

/** Every operation of the document, grouped by its first tag (the document's tag order, then by name). */
export function buildReference(doc: OpenApiDoc): ReferenceView {
  const groups = new Map<string, TagView>();
  for (const t of doc.tags ?? [])
    groups.set(t.name, { name: t.name, ...(t.description ? { description: t.description } : {}), operations: [] });
  let operationCount = 0;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const shared = (item.parameters as ParameterObject[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const view = operationView(doc, path, method, op, shared);
      if (!groups.has(view.tag)) groups.set(view.tag, { name: view.tag, operations: [] });
      groups.get(view.tag)!.operations.push(view);
      operationCount++;
    }
  }
  const declared = (doc.tags ?? []).map((t) => t.name);
  const rest = [...groups.keys()].filter((n) => !declared.includes(n)).sort();
  return {
    title: doc.info?.title ?? "API",
    version: doc.info?.version ?? "",
    groups: [...declared, ...rest].map((n) => groups.get(n)!).filter((g) => g.operations.length > 0),
    operationCount,
  };
}

const ACRONYMS: Record<string, string> = {
  api: "API",
  openapi: "OpenAPI",
  scim: "SCIM",
  sso: "SSO",
  saml: "SAML",
  oidc: "OIDC",
};

/** "virtual-keys" -> "Virtual keys", "scim" -> "SCIM" */
export function tagLabel(tag: string): string {
  const words = tag
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w);
  if (!words.length) return tag;
  return [words[0][0].toUpperCase() + words[0].slice(1), ...words.slice(1)].join(" ");
}

/** Whether an operation matches a search: every word appears in its method, path, summary, tag, permission or description. */
export function matchesSearch(op: OperationView, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const text = [op.method, op.path, op.summary, op.tag, op.permission ?? "", op.description ?? "", op.id]
    .join(" ")
    .toLowerCase();
  return words.every((w) => text.includes(w));
}

/** A single-quoted shell word ('it'\''s'). */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The curl command for an operation's example, against `origin` (the reader's own base URL).
 * The key stays a shell variable: `-H "Authorization: Bearer $WARDEN_API_KEY"` (double quotes,
 * so the shell expands it). Path parameters without an example keep their `{name}` and turn
 * off curl's URL globbing.
 */
export function buildCurl(input: { origin: string; method: string; path: string; example?: ExampleRequest }): string {
  const { origin, method, path, example = {} } = input;
  let placeholders = false;
  const filled = path.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = example.params?.[name];
    if (value === undefined) {
      placeholders = true;
      return whole;
    }
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(Object.entries(example.query ?? {})).toString();
  const url = `${origin.replace(/\/+$/, "")}${filled}${query ? `?${query}` : ""}`;
  const verb = method.toUpperCase();
  const lines = [
    `curl${placeholders ? " --globoff" : ""}${verb === "GET" ? "" : ` -X ${verb}`} ${shellQuote(url)}`,
    `-H "Authorization: Bearer $WARDEN_API_KEY"`,
  ];
  if (example.body !== undefined) {
    lines.push(`-H ${shellQuote("Content-Type: application/json")}`);
    lines.push(`-d ${shellQuote(JSON.stringify(example.body))}`);
  }
  return lines.join(" \\\n  ");
}
