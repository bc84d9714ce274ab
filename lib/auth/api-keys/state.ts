// The lifecycle state of a key, derived from its timestamps (never stored, so it cannot drift).
export const API_KEY_STATES = ["active", "expiring", "rotating", "rotated", "revoked", "expired"] as const;
export type ApiKeyState = (typeof API_KEY_STATES)[number];

export interface KeyTimes {
  expiresAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
  overlapUntil: Date | null;
}

const DAY = 86_400_000;

export function keyState(k: KeyTimes, now = new Date(), expiringWithinDays = 7): ApiKeyState {
  if (k.revokedAt) return "revoked";
  if (k.expiresAt.getTime() <= now.getTime()) return "expired";
  if (k.replacedBy) return k.overlapUntil && k.overlapUntil.getTime() > now.getTime() ? "rotating" : "rotated";
  if (k.expiresAt.getTime() - now.getTime() <= expiringWithinDays * DAY) return "expiring";
  return "active";
}

/** Whether a key in this state still authenticates. */
export function keyUsable(state: ApiKeyState): boolean {
  return state === "active" || state === "expiring" || state === "rotating";
}
