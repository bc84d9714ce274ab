// A real JWKS endpoint on 127.0.0.1 (node:http) with real key pairs, for bearer-JWT tests.
// It serves /<name>/.well-known/openid-configuration and /<name>/jwks, and counts fetches.
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";
import { allowOutbound } from "./outbound";

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(kid: string, alg = "RS256"): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export interface JwksServer {
  base: string;
  issuer(name: string): string;
  /** Keys published per issuer name (mutable: push to rotate in a new key). */
  keys: Map<string, SigningKey[]>;
  fetches: Map<string, number>;
  close(): Promise<void>;
}

export async function startJwksServer(port: number): Promise<JwksServer> {
  const keys = new Map<string, SigningKey[]>();
  const fetches = new Map<string, number>();
  const base = `http://127.0.0.1:${port}`;
  const server = http.createServer((req, res) => {
    const m = /^\/([a-z0-9-]+)\/(jwks|\.well-known\/openid-configuration)$/.exec(req.url ?? "");
    if (!m) return res.writeHead(404).end();
    const [, name, what] = m;
    fetches.set(`${name}/${what}`, (fetches.get(`${name}/${what}`) ?? 0) + 1);
    res.setHeader("content-type", "application/json");
    if (what === "jwks") return res.end(JSON.stringify({ keys: (keys.get(name) ?? []).map((k) => k.publicJwk) }));
    res.end(JSON.stringify({ issuer: `${base}/${name}`, jwks_uri: `${base}/${name}/jwks` }));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  allowOutbound(base); // discovery and JWKS fetches pass the outbound guard
  return {
    base,
    issuer: (name) => `${base}/${name}`,
    keys,
    fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TokenOptions {
  key: SigningKey;
  issuer: string;
  audience: string;
  subject?: string;
  claims?: JWTPayload;
  header?: Record<string, unknown>;
  /** Seconds from now; null = no exp claim. */
  expiresIn?: number | null;
  notBefore?: number;
}

export async function signToken(o: TokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ ...o.claims })
    .setProtectedHeader({ alg: o.key.alg, kid: o.key.kid, typ: "JWT", ...o.header })
    .setIssuer(o.issuer)
    .setAudience(o.audience)
    .setSubject(o.subject ?? "user-123")
    .setIssuedAt(now);
  if (o.expiresIn !== null) jwt = jwt.setExpirationTime(now + (o.expiresIn ?? 300));
  if (o.notBefore !== undefined) jwt = jwt.setNotBefore(now + o.notBefore);
  return jwt.sign(o.key.privateKey);
}
