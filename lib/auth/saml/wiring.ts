// The one place the ACS learns how to turn a valid login into credentials. API keys and
// console sessions are built by other parts of the identity work; wire them here when present.
import "server-only";
import { unwiredOutcomes, type SamlOutcomes } from "./outcomes";

export const samlOutcomes: SamlOutcomes = unwiredOutcomes;
