// One authentication method of the resolver. It returns null when its credential is not
// present, an Actor when it is valid, and throws a WardenError when it is present but invalid
// (which ends resolution: bad credentials never fall through to another method).
import type { Actor } from "../actor";
import type { ResolveInput } from "../resolver";

export type AuthMethodResolver = (input: ResolveInput) => Promise<Actor | null>;
