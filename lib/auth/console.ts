// Console pages ask here who is signed in. Returns null when there is no usable session (the
// (console) layout then redirects to /signin); `consoleSession` also says why, so the sign-in
// page can explain a deactivated account or a revoked session.
import "server-only";
import { cookies, headers } from "next/headers";
import { requestIds } from "@/lib/http/request-context";
import type { Actor, PublicActor } from "./actor";
import { toPublicActor } from "./actor";
import { loadSession, type SessionProblem } from "./methods/session";

export type ConsoleSession = { actor: PublicActor; fullActor: Actor } | { problem: SessionProblem } | null;

export async function consoleSession(): Promise<ConsoleSession> {
  const h = new Headers(await headers());
  // Pages see cookies through cookies(); make sure the header copy carries them.
  if (!h.get("cookie")) {
    const all = (await cookies()).getAll();
    if (all.length) h.set("cookie", all.map((c) => `${c.name}=${c.value}`).join("; "));
  }
  const result = await loadSession(h, requestIds(h));
  if (!result || "problem" in result) return result;
  return { actor: toPublicActor(result.actor, result.tenantName), fullActor: result.actor };
}

export async function getConsoleContext(): Promise<{ actor: PublicActor } | null> {
  const s = await consoleSession();
  return s && "actor" in s ? { actor: s.actor } : null;
}

/** The full Actor for server actions (which then authorize() and withTenant() with it). */
export async function getConsoleActor(): Promise<Actor | null> {
  const s = await consoleSession();
  return s && "fullActor" in s ? s.fullActor : null;
}
