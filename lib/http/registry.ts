// The registry of declared routes, server actions and console pages. Declarations live on the
// handlers themselves (route() / action() / scimRoute() / page() attach them); this module finds
// every route file, "use server" file and console page under app/ and reads them, so a test can
// hold the whole map as data and fail on anything exported without a declaration.
import "server-only";
import fs from "node:fs";
import path from "node:path";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

/** Every route handler file under appDir, sorted. */
export function routeFiles(appDir: string): string[] {
  return walk(appDir)
    .filter((f) => /(^|[\\/])route\.(ts|tsx|js|mjs)$/.test(f))
    .sort();
}

/** Every module under appDir that opens with the "use server" directive. */
export function serverActionFiles(appDir: string): string[] {
  return walk(appDir)
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .filter((f) => /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(fs.readFileSync(f, "utf8")))
    .sort();
}

/** Every console page (page.tsx under app/(console) and the Platform area app/(platform)): each must be declared with page(). */
export function consolePageFiles(appDir: string): string[] {
  return ["(console)", "(platform)"]
    .flatMap((group) => walk(path.join(appDir, group)))
    .filter((f) => /(^|[\\/])page\.(tsx|ts|jsx|js)$/.test(f))
    .sort();
}

/** URL pattern of a route file: app/v1/roles/[id]/route.ts -> /v1/roles/[id] (route groups dropped). */
export function routePath(appDir: string, file: string): string {
  const rel = path.relative(appDir, path.dirname(file)).split(path.sep);
  return "/" + rel.filter((s) => s && !/^\(.*\)$/.test(s)).join("/");
}

export interface Declared {
  declaration?: { permission?: unknown };
}

/** Exported HTTP methods of a route module that carry no declaration. */
export function undeclaredHandlers(mod: Record<string, unknown>): string[] {
  return HTTP_METHODS.filter((m) => m in mod).filter((m) => !(mod[m] as Declared | undefined)?.declaration?.permission);
}

/** Exported functions of a "use server" module that did not come from action(). */
export function undeclaredActions(mod: Record<string, unknown>): string[] {
  return Object.entries(mod)
    .filter(([, v]) => typeof v === "function")
    .filter(([, v]) => !(v as Declared).declaration?.permission)
    .map(([k]) => k);
}

/** Whether a page module's default export came from page() with a permission. */
export function pageDeclared(mod: Record<string, unknown>): boolean {
  return Boolean((mod.default as Declared | undefined)?.declaration?.permission);
}
