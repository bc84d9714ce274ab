// npm run api:generate - writes lib/api/openapi.json and lib/api/v1.d.ts from the route
// declarations (lib/api/openapi.ts). Commit both; the drift test fails when they are stale.
import fs from "node:fs";
import { OPENAPI_DTS, OPENAPI_JSON, renderArtifacts } from "./lib/api-artifacts";

async function main() {
  const { json, dts } = await renderArtifacts();
  for (const [file, text] of [
    [OPENAPI_JSON, json],
    [OPENAPI_DTS, dts],
  ] as const) {
    const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    fs.writeFileSync(file, text);
    console.log(`${file}: ${before === text ? "unchanged" : "written"}`);
  }
  const doc = JSON.parse(json) as { paths: Record<string, object> };
  const ops = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
  console.log(`${Object.keys(doc.paths).length} paths, ${ops} operations`);
}

main().catch((e: unknown) => {
  console.error(`warden: api:generate failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
