// Shapes the governance pages hand to the browser: the read models of lib/governance/read-models
// (type-only imports; the server computes them) and the action signatures.
import type {
  budgetRows,
  customerRows,
  ownerDetails,
  providerRows,
  rateLimitRows,
  teamRows,
  userRows,
  virtualKeyRows,
} from "@/lib/governance/read-models";
import type { providerOptions } from "@/lib/governance/owner-search";
import type { ListPage, ListQuery } from "@/lib/governance/list-query";
import type { ActionResult } from "@/lib/http/action-result";

export type OwnerType = "customer" | "team" | "user" | "virtual_key";
export type OwnerDetails = Awaited<ReturnType<typeof ownerDetails>>;
type RowOf<F extends (...a: never[]) => Promise<{ rows: unknown[] }>> = Awaited<ReturnType<F>>["rows"][number];
export type CustomerRow = RowOf<typeof customerRows>;
export type TeamRow = RowOf<typeof teamRows>;
export type UserRow = RowOf<typeof userRows>;
export type VirtualKeyRow = RowOf<typeof virtualKeyRows>;
export type ProviderRow = RowOf<typeof providerRows>;
export type BudgetRow = RowOf<typeof budgetRows>;
export type RateLimitRow = RowOf<typeof rateLimitRows>;
/** One page of a list as the server read it, the query behind it and the columns it can sort by. */
export type ListView<T> = ListPage<T> & { query: ListQuery; sortable: string[] };
/** The providers and their models, suggested by a key's allow-lists. */
export type ProviderOptions = Awaited<ReturnType<typeof providerOptions>>;

/**
 * A console call: its input I (the /v1 body or the server action's input, validated again on the
 * server) in, `{ ok, data | error }` with T out.
 */
export type Act<I, T = unknown> = (input: I) => Promise<ActionResult<T>>;
