// Shapes the governance pages hand to the browser: the read models of lib/governance/console
// (type-only imports; the server computes them) and the action signatures.
import type { customerRows, limitRows, ownerDetails, ownerOptions, providerRows, teamRows, userRows, virtualKeyRows } from "@/lib/governance/console";
import type { ActionResult } from "@/lib/http/action-result";

export type OwnerType = "customer" | "team" | "user" | "virtual_key";
export type OwnerDetails = Awaited<ReturnType<typeof ownerDetails>>;
export type CustomerRow = Awaited<ReturnType<typeof customerRows>>[number];
export type TeamRow = Awaited<ReturnType<typeof teamRows>>[number];
export type UserRow = Awaited<ReturnType<typeof userRows>>[number];
export type VirtualKeyRow = Awaited<ReturnType<typeof virtualKeyRows>>[number];
export type ProviderRow = Awaited<ReturnType<typeof providerRows>>[number];
export type LimitRows = Awaited<ReturnType<typeof limitRows>>;
export type OwnerOptions = Awaited<ReturnType<typeof ownerOptions>>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each action validates its own input on the server
export type Act<T = unknown> = (input: any) => Promise<ActionResult<T>>;
