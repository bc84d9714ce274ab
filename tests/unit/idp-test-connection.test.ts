// "Test connection" against a real HTTP server that serves good and broken discovery documents,
// and the outbound guard in front of it: only the listed local ports may be reached, internal
// targets are refused by rule, and connection errors are never echoed.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testOidcDiscovery } from "@/lib/identity/test-connection";

const PORT = 3305;
// The opt-in for this file's server and for one closed port (to see "unreachable").
process.env.WARDEN_OUTBOUND_ALLOW = `127.0.0.1:${PORT},127.0.0.1:3307`;
const base = `http://127.0.0.1:${PORT}`;
const good = (iss: string) => ({
  issuer: iss,
  authorization_endpoint: `${iss}/auth`,
  token_endpoint: `${iss}/token`,
  jwks_uri: `${iss}/jwks`,
});
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const tenant = req.url!.split("/")[1];
    const iss = `${base}/${tenant}`;
    const send = (status: number, body: string) =>
      res.writeHead(status, { "content-type": "application/json" }).end(body);
    if (tenant === "good") return send(200, JSON.stringify(good(iss)));
    if (tenant === "html") return send(200, "<html>login</html>");
    if (tenant === "mismatch") return send(200, JSON.stringify(good("https://other.example.com")));
    if (tenant === "nojwks") return send(200, JSON.stringify({ ...good(iss), jwks_uri: undefined }));
    if (tenant === "internal")
      return send(200, JSON.stringify({ ...good(iss), token_endpoint: "http://10.0.0.5:8080/token" }));
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
    expect(await testOidcDiscovery(`${base}/good/`)).toMatchObject({
      ok: true,
      message: expect.stringContaining("Connected"),
    });
  });
  it("says when the issuer is unreachable or slow", async () => {
    const down = await testOidcDiscovery("http://127.0.0.1:3307");
    expect(down.message).toBe("The issuer is unreachable (http://127.0.0.1:3307/.well-known/openid-configuration)");
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
  it("refuses internal targets by rule before connecting, without echoing connection errors", async () => {
    const plain = await testOidcDiscovery("http://127.0.0.1:5432");
    expect(plain).toMatchObject({ ok: false, checks: [{ name: "outbound_guard", ok: false }] });
    expect(plain.message).toBe(
      "Refused by the outbound guard: the issuer must use https (plain http only for hosts listed in WARDEN_OUTBOUND_ALLOW)",
    );
    const literal = await testOidcDiscovery("https://10.0.0.5:5432");
    expect(literal.message).toMatch(
      /^Refused by the outbound guard: the issuer points at a private, loopback, link-local or reserved address \(10\.0\.0\.5\)/,
    );
    const named = await testOidcDiscovery("https://localhost:5432");
    expect(named.message).toBe(
      "Refused by the outbound guard: localhost resolves to a private, loopback, link-local or reserved address; list the host in WARDEN_OUTBOUND_ALLOW for on-prem targets",
    );
    for (const r of [plain, literal, named]) expect(r.message).not.toMatch(/ECONNREFUSED|connect |127\.0\.0\.1/);
    const internal = await testOidcDiscovery(`${base}/internal`);
    expect(internal.ok).toBe(false);
    expect(internal.message).toMatch(/token_endpoint must use https/);
  });
});
