// Warden's layers (docs/ARCHITECTURE.md, "Layers"), checked in `npm test` by dependency-cruiser.
// A module may import its own layer and the layers below it, never one above. Type-only imports
// count too. There are no exceptions: any import that breaks a rule fails the check.
import fs from "node:fs";
import path from "node:path";

const LAYER_NAMES = ["core", "data", "audit and rbac", "auth", "domains", "http", "app"];

// Which layer a file is in: the FIRST pattern that matches (specific files before their folders).
const WHERE = [
  // core — leaves with no database and no auth: the request plumbing every layer may use (ids and
  // scope, the body reader, the client address, the Origin check), the permission vocabulary,
  // paging, logs and metrics, the outbound guard, the cache.
  [/^lib\/(errors|version|paging|search-params|ts-child)\.ts$/, "core"],
  [/^lib\/auth\/(actor|session-views)\.ts$/, "core"],
  [/^lib\/rbac\/permissions\.ts$/, "core"],
  [/^lib\/http\/(request-context|request-scope|action-result|body|client-ip|origin)\.ts$/, "core"],
  [/^lib\/notifications\/signing\.ts$/, "core"],
  [/^lib\/identity\/role-mapping\.ts$/, "core"], // pure: IdP claims -> role, used by sign-in and settings
  [/^lib\/observability\/(log|metrics)\.ts$/, "core"],
  [/^lib\/(net|cache)\//, "core"],
  // data — the database, the tenant transaction, keys and secrets, rollup reads, the job queue.
  [/^lib\/jobs\/(index|queues|schema)\.ts$/, "data"],
  [/^lib\/(db|tenancy|crypto|rollups|live)\//, "data"],
  // Services that manage custom roles and people's sessions are domain operations over rbac and
  // auth (they answer /v1/roles and /v1/sessions, and pass through four-eyes and user scope).
  [/^lib\/rbac\/custom-roles\.ts$|^lib\/auth\/sessions\/service\.ts$/, "domains"],
  [/^lib\/(audit|rbac)\//, "audit and rbac"],
  // auth — who is calling: the resolver and its methods, and what they consult.
  [/^lib\/platform\/operators\.ts$/, "auth"],
  [/^lib\/(auth|network|support)\//, "auth"],
  // http — the pipeline and its wrappers (route, action, page, scimRoute), the HTTP adapters of
  // domains (shared handlers, the gateway's node and web handlers), the worker, readiness, the
  // demo's seed and IdP.
  [/^lib\/[a-z-]+\/(handler|handlers|node-handler|web-handler)\.ts$/, "http"],
  [/^lib\/(http|api|jobs|observability|seed|idp-local)\//, "http"],
  [
    /^lib\/(governance|gateway|reports|compliance|monitoring|scim|privacy|users|identity|notifications|platform)\//,
    "domains",
  ],
  [/^(app|components|scripts)\/|^(proxy|instrumentation)\.ts$/, "app"],
];
const layerOf = (file) => WHERE.find(([re]) => re.test(file))?.[1] ?? null;

function sources(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.posix.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mjs|js)$/.test(e.name)) out.push(p);
  }
  return out;
}
const files = [
  ...["app", "components", "scripts"].flatMap((d) => sources(d)),
  ...sources("lib").filter((f) => !f.startsWith("lib/generated/")),
  "proxy.ts",
  "instrumentation.ts",
];
const escape = (f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const exactly = (list) => (list.length ? `^(${list.map(escape).join("|")})$` : "^$ never");
const inLayer = LAYER_NAMES.map((name) => files.filter((f) => layerOf(f) === name));

const layerRules = LAYER_NAMES.slice(0, -1).map((name, i) => ({
  name: `layer-${name.replace(/ /g, "-")}`,
  comment: `"${name}" may import only its own layer and those below it (${LAYER_NAMES.slice(0, i).join(", ") || "nothing"})`,
  severity: "error",
  from: { path: exactly(inLayer[i]) },
  to: { path: exactly(inLayer.slice(i + 1).flat()) },
}));
const alt = (prefixes) => `^(${prefixes.join("|")})`;

// What browser code may import from lib/: pure data and types, the typed /v1 client.
const BROWSER_SAFE = [
  "lib/errors\\.ts",
  "lib/auth/actor\\.ts",
  "lib/auth/session-views\\.ts",
  "lib/http/action-result\\.ts",
  "lib/rbac/permissions\\.ts",
  "lib/rbac/schemas\\.ts",
  "lib/rbac/scope\\.ts",
  "lib/api/client\\.ts",
  "lib/api/reference\\.ts",
  "lib/api/v1\\.d\\.ts",
  "lib/reports/spec\\.ts",
  "lib/privacy/detectors\\.ts",
  "lib/privacy/evaluate\\.ts",
  "lib/gateway/windows\\.ts",
  "lib/governance/common-prices\\.ts",
  "lib/monitoring/condition\\.ts",
  "lib/compliance/catalog\\.ts",
  "lib/compliance/posture\\.ts",
  "lib/compliance/privacy-checks\\.ts",
  "lib/identity/role-mapping\\.ts",
  "lib/identity/schemas\\.ts",
];

const config = {
  forbidden: [
    ...layerRules,
    {
      name: "client-imports-only-browser-safe",
      comment: "components/ runs in the browser: from lib/ it may import only the allow-list (BROWSER_SAFE)",
      severity: "error",
      from: { path: "^(components/|lib/api/client\\.ts|lib/api/reference\\.ts)" },
      to: { path: "^lib/", pathNot: alt(BROWSER_SAFE), dependencyTypesNot: ["type-only"] },
    },
    {
      name: "components-not-from-app",
      comment: "components/ is the UI kit and feature UI; routes (app/) compose it, not the other way round",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "every-module-in-a-layer",
      comment: "a new lib/ module must be placed in a layer (WHERE above)",
      severity: "error",
      from: { path: exactly(files.filter((f) => f.startsWith("lib/") && !layerOf(f))) },
      to: {},
    },
    {
      name: "no-runtime-cycles",
      comment: "no import cycle among lib/ modules that runs at load time (type-only imports are erased)",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(lib/generated/|node_modules/|\\.next/)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".d.ts"],
    },
  },
};
export default config;
