// Resource scope: custom roles may be limited to some teams. A scoped actor sees only those
// teams' resources; everything else answers 404 (like a missing id), never 403, so scope does
// not leak which ids exist. Pure helpers, no database access.
import { z } from "zod";
import type { Actor, ResourceScope } from "@/lib/auth/actor";

export const resourceScopeSchema = z
  .object({
    teams: z
      .array(z.string().regex(/^tm_[A-Za-z0-9]+$/, "a team id (tm_…)"))
      .min(1)
      .max(100),
  })
  .strict();

/** Reads a stored resource_scope; anything malformed becomes "no teams" (fail closed). */
export function parseScope(raw: unknown): ResourceScope | undefined {
  if (raw === null || raw === undefined) return undefined;
  const parsed = resourceScopeSchema.safeParse(raw);
  return parsed.success ? parsed.data : { teams: [] };
}

/** The team ids an actor is limited to, or null when unlimited. */
export function scopedTeams(actor: Pick<Actor, "scope">): string[] | null {
  return actor.scope?.teams ?? null;
}

export function teamInScope(actor: Pick<Actor, "scope">, teamId: string): boolean {
  const teams = scopedTeams(actor);
  return teams === null || teams.includes(teamId);
}

/** Resources owned by a team: the ones a team scope limits. */
export const TEAM_SCOPED_RESOURCES = ["teams", "users", "virtual_keys"] as const;

export function touchesTeamResources(permissions: Iterable<string>): boolean {
  return [...permissions].some((p) => (TEAM_SCOPED_RESOURCES as readonly string[]).includes(p.split(".")[0]));
}

/** Whether scope `inner` is at most as wide as `outer` (undefined = unlimited). */
export function scopeWithin(inner: ResourceScope | undefined, outer: ResourceScope | undefined): boolean {
  if (!outer?.teams) return true;
  if (!inner?.teams) return false;
  return inner.teams.every((t) => outer.teams!.includes(t));
}
