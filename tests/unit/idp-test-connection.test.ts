// "Test connection" against a real HTTP server that serves good and broken discovery documents.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testOidcDiscovery } from "@/lib/identity/test-connection";

const PORT = 3305;
const base = `http://127.0.0.1:${PORT}`;
const good = (iss: string) => ({ issuer: iss, authorization_endpoint: `${iss}/auth`, token_endpoint: `${iss}/token`, jwks_uri: `${iss}/jwks` });
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const tenant = req.url!.split("/")[1];
    const iss = `${base}/${tenant}`;
    const send = (status: number, body: string) => res.writeHead(status, { "content-type": "application/json" }).end(body);
    if (tenant === "good") return send(200, JSON.stringify(good(iss)));
    if (tenant === "html") return send(200, "<html>login</html>");
    if (tenant === "mismatch") return send(200, JSON.stringify(good("https://other.example.com")));
    if (tenant === "nojwks") return send(200, JSON.stringify({ ...good(iss), jwks_uri: undefined }));
    if (tenant === "slow") return; // never answers
    send(404, "{}");
  });
  await new Promise<void>((r) => server.listen(PORT, "127.0.0.1", r));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("identity provider connection test", () => {
  it("accepts a valid discovery document", async () => {
    expect(await testOidcDiscovery(`${base}/good/`)).toMatchObject({ ok: true, message: expect.stringContaining("Connected") });
  });
  it("says when the issuer is unreachable or slow", async () => {
    expect((await testOidcDiscovery("http://127.0.0.1:3307")).message).toMatch(/unreachable/);
    expect((await testOidcDiscovery(`${base}/slow`, 300)).message).toMatch(/did not answer/);
  });
  it("says when discovery is not JSON or missing", async () => {
    expect((await testOidcDiscovery(`${base}/html`)).message).toMatch(/not a JSON document/);
    expect((await testOidcDiscovery(`${base}/missing`)).message).toMatch(/HTTP 404/);
  });
  it("names an issuer mismatch and missing endpoints", async () => {
    expect((await testOidcDiscovery(`${base}/mismatch`)).message).toMatch(/issuer mismatch/);
    const r = await testOidcDiscovery(`${base}/nojwks`);
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/missing jwks_uri/);
  });
});
