// A browser signing in to Warden through the local IdP, the way a person does: Auth.js's route
// handlers are called in-process with the browser's cookies on Warden's origin, the IdP is fetched
// over HTTP, and redirects are followed by hand until they come back to Warden.
import net from "node:net";
import * as authRoute from "@/app/api/auth/[...nextauth]/route";
import { demoPassword } from "@/lib/idp-local/accounts";

export type Jar = Map<string, string>;

export const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Keeps the cookies a response sets (a cleared or expired cookie leaves the jar). */
export function keep(jar: Jar, res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    const value = pair.slice(i + 1).trim();
    if (!value || /;\s*max-age=0/i.test(c) || /expires=Thu, 01 Jan 1970/i.test(c)) jar.delete(pair.slice(0, i).trim());
    else jar.set(pair.slice(0, i).trim(), value);
  }
}

/** A free TCP port on 127.0.0.1 (for the local IdP). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** The browser's steps against Warden at `warden` (its AUTH_URL origin). */
export function idpBrowser(warden: string) {
  /** An Auth.js request, as the browser sends it; the response's cookies are kept. */
  async function auth(jar: Jar, method: "GET" | "POST", url: string, form?: Record<string, string>): Promise<Response> {
    const headers = new Headers({ cookie: cookieHeader(jar), origin: warden, "sec-fetch-site": "same-origin" });
    if (form) headers.set("content-type", "application/x-www-form-urlencoded");
    // The catch-all's segments as Next hands them over ({ nextauth: ["callback", "idp"] }).
    const nextauth = new URL(url).pathname.replace(/^\/api\/auth\//, "").split("/");
    const ctx = { params: Promise.resolve({ nextauth }) } as unknown as { params: Promise<Record<string, string>> };
    const res = await authRoute[method](
      new Request(url, {
        method,
        headers,
        body: form ? new URLSearchParams(form).toString() : undefined,
        redirect: "manual",
      }),
      ctx,
    );
    keep(jar, res);
    return res;
  }

  /** Follows the IdP's redirects; where it stops: back at Warden, at a login form, or `#status=` of an answer. */
  async function idp(jar: Jar, url: string, form?: Record<string, string>): Promise<string> {
    let next: string | null = url;
    let body = form ? new URLSearchParams(form).toString() : undefined;
    for (let hop = 0; hop < 10 && next; hop++) {
      if (next.startsWith(warden)) return next;
      const res: Response = await fetch(next, {
        method: body ? "POST" : "GET",
        headers: {
          cookie: cookieHeader(jar),
          ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        body,
        redirect: "manual",
      });
      keep(jar, res);
      body = undefined;
      const location = res.headers.get("location");
      if (!location) {
        const page = await res.text();
        if (res.status === 200 && /name="password"/.test(page)) return new URL(res.url || next).toString();
        return `${next}#status=${res.status}`;
      }
      next = new URL(location, next).toString();
    }
    return next ?? "";
  }

  /** The whole flow: Warden -> the IdP's login form -> Warden's callback. The session cookie, or where Warden sent the browser. */
  async function browserSignIn(
    providerId: string,
    email: string,
    password = demoPassword(),
  ): Promise<{ cookie: string | null; landed: string }> {
    const atWarden: Jar = new Map();
    const atIdp: Jar = new Map();
    const { csrfToken } = (await (await auth(atWarden, "GET", `${warden}/api/auth/csrf`)).json()) as {
      csrfToken: string;
    };
    const start = await auth(atWarden, "POST", `${warden}/api/auth/signin/${providerId}`, {
      csrfToken,
      callbackUrl: `${warden}/`,
    });
    const form = await idp(atIdp, start.headers.get("location")!);
    const back = await idp(atIdp, `${form}/login`, { email, password });
    if (!back.startsWith(`${warden}/api/auth/callback/`)) return { cookie: null, landed: back };
    const done = await auth(atWarden, "GET", back);
    const session = atWarden.get("authjs.session-token");
    return { cookie: session ? `authjs.session-token=${session}` : null, landed: done.headers.get("location") ?? "" };
  }

  /** A console request's headers from that browser (same-origin, its cookie). */
  const browser = (cookie: string) => ({
    cookie,
    origin: warden,
    host: new URL(warden).host,
    "sec-fetch-site": "same-origin",
  });

  return { auth, idp, browserSignIn, browser };
}
