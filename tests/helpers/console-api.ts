// The console's own /v1 client (lib/api/client.ts) for server tests: the same typed calls and error
// handling the browser runs, each request sent as this caller (session cookie, same-origin
// headers) through the route handler its path names under app/, as Next would route it.
import path from "node:path";
import { createApiClient, type ApiClient } from "@/lib/api/client";
import { governanceActions, type GovernanceActions } from "@/components/governance/use-governance-actions";
import { routeFiles, routePath } from "@/lib/http/registry";
import type { DeclaredHandler } from "@/lib/http/route";
import { callAs, type Caller } from "./callers";

const APP = path.resolve("app");
const CONSOLE = "http://127.0.0.1";

interface Route {
  pattern: RegExp;
  names: string[];
  file: string;
}

let routes: Route[] | undefined;
function table(): Route[] {
  routes ??= routeFiles(APP)
    .map((file) => {
      const names: string[] = [];
      const source = routePath(APP, file).replace(/\[(\w+)\]/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
      return { pattern: new RegExp(`^${source}$`), names, file };
    })
    // Static segments before dynamic ones, as Next matches them.
    .sort((a, b) => a.names.length - b.names.length);
  return routes;
}

async function dispatch(who: Caller | null, req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  for (const r of table()) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const handler = ((await import(r.file)) as Record<string, DeclaredHandler | undefined>)[req.method];
    if (!handler) return new Response(null, { status: 405 });
    const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
    return callAs(handler, who, req, params);
  }
  return new Response(null, { status: 404 });
}

/** The console's typed /v1 client, calling as this caller (null: no credentials at all). */
export function consoleApi(who: Caller | null): ApiClient {
  return createApiClient({ baseUrl: CONSOLE, fetch: (req) => dispatch(who, req) });
}

type Loose<T> = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [K in keyof T]: T[K] extends (input: any) => infer R ? (input: any) => R : never;
};

/**
 * The governance consoles' writes as this caller (components/governance/use-governance-actions.ts),
 * taking input as loosely as the sheets' forms build it, so invalid input reaches the server;
 * `onSuccess` stands for the page's re-render.
 */
export function governanceAs(who: Caller | null, onSuccess: () => void = () => undefined): Loose<GovernanceActions> {
  return governanceActions(consoleApi(who), onSuccess);
}
