// The API reference's builders on a small hand-made OpenAPI 3.1 document: the field table of a
// schema ($refs resolved into components, nesting, nullability, unions, recursion), the
// operations grouped by tag, the search, and the "Copy as curl" command.
import { describe, expect, it } from "vitest";
import {
  buildCurl,
  buildReference,
  matchesSearch,
  schemaRows,
  shellQuote,
  tagLabel,
  type FieldRow,
  type OpenApiDoc,
} from "@/lib/api/reference";
import sample from "@/tests/fixtures/openapi-sample.json";

const doc = sample as unknown as OpenApiDoc;
const brief = (rows: FieldRow[]) => rows.map((r) => [r.path, r.depth, r.type, r.required, r.nullable]);

describe("schemaRows", () => {
  it("flattens a component through $ref: nested objects, arrays, maps, nullable, enums, unions and recursion", () => {
    const rows = schemaRows(doc, { $ref: "#/components/schemas/Customer" });
    expect(brief(rows)).toEqual([
      ["id", 0, "string", true, false],
      ["name", 0, "string", true, false],
      ["status", 0, "string", true, false],
      ["created_at", 0, "string (date-time)", true, false],
      ["budget", 0, "object", true, true],
      ["budget.limit_usd", 1, "number", true, false],
      ["budget.period", 1, "string", true, false],
      ["tags", 0, "array of string", true, false],
      ["metadata", 0, "map of string", false, false],
      ["parent", 0, "Customer", false, false],
      ["owner", 0, "object", false, false],
      ["owner.(option 1)", 1, "object", false, false],
      ["owner.(option 1).kind", 2, "string", true, false],
      ["owner.(option 1).team_id", 2, "string", true, false],
      ["owner.(option 2)", 1, "object", false, false],
      ["owner.(option 2).kind", 2, "string", true, false],
      ["owner.(option 2).user_id", 2, "string", true, false],
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.path, r]));
    expect(by.status.values).toEqual(['"active"', '"suspended"']);
    expect(by["budget.period"].values).toEqual(['"month"']);
    expect(by["owner.(option 2).kind"].values).toEqual(['"user"']);
    expect(by.name.notes).toEqual(["1-200 chars"]);
    expect(by["budget.limit_usd"].notes).toEqual(["≥ 0"]);
    // The nullable branch's description is kept; the recursive reference is not expanded again.
    expect(by.budget.description).toBe("The monthly budget");
    expect(by.parent.description).toBe("The same shape as Customer above.");
  });

  it("reads a list answer as data[] of the item's fields and a nullable next_cursor", () => {
    const list = doc.paths["/v1/customers"].get as {
      responses: { "200": { content: { "application/json": { schema: object } } } };
    };
    const rows = schemaRows(doc, list.responses["200"].content["application/json"].schema);
    expect(rows[0]).toMatchObject({ path: "data", type: "array of Customer", required: true, nullable: false });
    expect(rows.map((r) => r.path)).toContain("data[].budget.limit_usd");
    expect(rows.find((r) => r.path === "data[].parent")).toMatchObject({ type: "Customer", depth: 1 });
    expect(rows.at(-1)).toMatchObject({
      path: "next_cursor",
      depth: 0,
      type: "string",
      required: true,
      nullable: true,
      description: "Pass as cursor for the next page; null on the last",
    });
  });

  it("handles 3.1 type arrays, allOf, top-level arrays and maps of objects", () => {
    expect(brief(schemaRows(doc, { $ref: "#/components/schemas/CustomerCreate" }))).toEqual([
      ["name", 0, "string", true, false],
      ["external_id", 0, "string", false, true],
      ["note", 0, "string", false, false],
    ]);
    const merged = schemaRows(doc, {
      allOf: [
        { type: "object", properties: { a: { type: "integer", default: 3 } }, required: ["a"] },
        { type: "object", properties: { b: { type: "boolean" } } },
      ],
    });
    expect(brief(merged)).toEqual([
      ["a", 0, "integer", true, false],
      ["b", 0, "boolean", false, false],
    ]);
    expect(merged[0].notes).toEqual(["default 3"]);
    expect(
      brief(
        schemaRows(doc, {
          type: "array",
          items: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        }),
      ),
    ).toEqual([["[].id", 0, "string", true, false]]);
    expect(
      brief(
        schemaRows(doc, {
          type: "object",
          properties: {
            by_team: {
              type: "object",
              additionalProperties: { type: "object", properties: { usd: { type: "number" } } },
            },
          },
        }),
      ),
    ).toEqual([
      ["by_team", 0, "map of object", false, false],
      ["by_team.{key}", 1, "object", false, false],
      ["by_team.{key}.usd", 2, "number", false, false],
    ]);
    const bounded = schemaRows(doc, {
      type: "object",
      properties: {
        n: { type: "integer", exclusiveMinimum: 0, maximum: 9007199254740991 },
        s: { type: "string", minLength: 0, maxLength: 10 },
      },
    });
    expect(bounded.map((r) => r.notes)).toEqual([["> 0"], ["≤ 10 chars"]]);
    expect(schemaRows(doc, { type: "string" })).toEqual([]);
    expect(schemaRows(doc, undefined)).toEqual([]);
  });
});

describe("buildReference", () => {
  const ref = buildReference(doc);
  const op = (id: string) => ref.groups.flatMap((g) => g.operations).find((o) => o.id === id)!;

  it("groups operations by tag in the document's tag order", () => {
    expect(ref.operationCount).toBe(5);
    expect(ref.groups.map((g) => [g.name, g.operations.map((o) => `${o.method} ${o.path}`)])).toEqual([
      ["Customers", ["GET /v1/customers", "POST /v1/customers", "GET /v1/customers/{id}"]],
      ["Audit", ["GET /v1/audit/export", "GET /v1/audit/public-key"]],
    ]);
    expect(ref.groups[0].description).toBe("The organisations a tenant bills.");
  });

  it("shows permission, parameters, body, response, errors and example per operation", () => {
    const list = op("listCustomers");
    expect(list.permission).toBe("customers.read");
    expect(list.queryParams.map((p) => [p.name, p.type, p.required, p.notes ?? []])).toEqual([
      ["limit", "integer", false, ["1-200", "default 50"]],
      ["cursor", "string", false, ["≤ 100 chars"]],
      ["q", "string", false, []],
    ]);
    expect(list.errors).toEqual([
      { status: "400", types: ["invalid_request"] },
      { status: "401", types: ["authentication_required", "invalid_credentials"] },
      { status: "403", types: ["user_not_authorized"] },
    ]);
    expect(list.example).toEqual({ query: { limit: "10", q: "acme & co" } });

    const create = op("createCustomer");
    expect(create.body).toMatchObject({ contentType: "application/json", type: "CustomerCreate" });
    expect(create.body!.rows.map((r) => r.name)).toEqual(["name", "external_id", "note"]);
    expect(create.responses.map((r) => [r.status, r.type])).toEqual([["201", "Customer"]]);
    expect(create.errors).toEqual([
      { status: "400", types: ["invalid_request"] },
      { status: "401", types: ["authentication_required", "invalid_credentials"] },
      { status: "403", types: ["cross_origin_request", "user_not_authorized"] },
      { status: "409", types: ["conflict"] },
      { status: "415", types: ["unsupported_media_type"] },
    ]);
    expect(create.example).toEqual({ body: { name: "Initech", external_id: "crm-42", note: "it's new" } });

    const one = op("getCustomer");
    expect(one.pathParams).toEqual([{ name: "id", required: true, type: "string", description: "Customer id" }]);
    expect(one.example).toEqual({ params: { id: "cus_123" } });

    const exp = op("exportAudit");
    expect(exp.queryParams[0]).toMatchObject({ name: "format", required: true, values: ['"csv"', '"jsonl"'] });
    expect(exp.example).toEqual({ query: { format: "csv" } });
    expect(exp.responses.map((r) => [r.status, r.contentType, r.type])).toEqual([
      ["200", "text/csv", "string"],
      ["202", "application/json", "object"],
    ]);
    expect(exp.responses[1].rows).toEqual([
      { path: "approval_id", name: "approval_id", depth: 0, type: "string", required: true, nullable: false },
    ]);
    expect(op("auditPublicKey")).toMatchObject({ permission: "public", errors: [], example: {} });
  });

  it("labels tags for people", () => {
    expect(["virtual-keys", "scim", "openapi", "auth", "compliance"].map(tagLabel)).toEqual([
      "Virtual keys",
      "SCIM",
      "OpenAPI",
      "Auth",
      "Compliance",
    ]);
  });

  it("searches method, path, summary, tag and permission, every word", () => {
    const all = ref.groups.flatMap((g) => g.operations);
    const hits = (q: string) => all.filter((o) => matchesSearch(o, q)).map((o) => o.id);
    expect(hits("customers")).toEqual(["listCustomers", "createCustomer", "getCustomer"]);
    expect(hits("POST customers")).toEqual(["createCustomer"]);
    expect(hits("audit.export")).toEqual(["exportAudit"]);
    expect(hits("  ")).toHaveLength(5);
    expect(hits("nothing-like-this")).toEqual([]);
  });
});

describe("buildCurl", () => {
  it("builds a GET with the reader's origin, the example query and the key as a shell variable", () => {
    expect(
      buildCurl({
        origin: "https://warden.example.com/",
        method: "GET",
        path: "/v1/customers",
        example: { query: { limit: "10", q: "acme & co" } },
      }),
    ).toBe(
      [
        "curl 'https://warden.example.com/v1/customers?limit=10&q=acme+%26+co'",
        `-H "Authorization: Bearer $WARDEN_API_KEY"`,
      ].join(" \\\n  "),
    );
  });

  it("sends the example body as JSON, quoting single quotes for the shell", () => {
    expect(
      buildCurl({
        origin: "http://127.0.0.1:3000",
        method: "post",
        path: "/v1/customers",
        example: { body: { name: "Initech", note: "it's new" } },
      }),
    ).toBe(
      [
        "curl -X POST 'http://127.0.0.1:3000/v1/customers'",
        `-H "Authorization: Bearer $WARDEN_API_KEY"`,
        "-H 'Content-Type: application/json'",
        `-d '{"name":"Initech","note":"it'\\''s new"}'`,
      ].join(" \\\n  "),
    );
  });

  it("fills path parameters from the example, and keeps {name} with globbing off when there is none", () => {
    expect(
      buildCurl({
        origin: "http://h",
        method: "DELETE",
        path: "/v1/virtual-keys/{id}",
        example: { params: { id: "vk 1/2" } },
      }),
    ).toBe(
      ["curl -X DELETE 'http://h/v1/virtual-keys/vk%201%2F2'", `-H "Authorization: Bearer $WARDEN_API_KEY"`].join(
        " \\\n  ",
      ),
    );
    expect(buildCurl({ origin: "http://h", method: "GET", path: "/v1/teams/{id}" }).split(" \\\n  ")[0]).toBe(
      "curl --globoff 'http://h/v1/teams/{id}'",
    );
  });

  it("quotes any string as one shell word", () => {
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("$HOME")).toBe("'$HOME'");
  });
});
