// The console's form controls share one look: one border, one focus ring, one disabled and one
// invalid state. `inputClass` is the single-line control (inputs and selects, 36 px high);
// `inputFlowClass` has no fixed height (textareas, and forms whose controls size to their text);
// `compactSelectClass` fits a select into a table row.
const FIELD_BASE =
  "rounded-md border border-border-strong bg-surface text-sm text-fg placeholder:text-subtle focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 disabled:opacity-60 aria-[invalid=true]:border-danger-border";

export const inputClass = `block h-9 w-full min-w-0 px-3 ${FIELD_BASE}`;
export const inputFlowClass = `block w-full min-w-0 px-3 py-2 ${FIELD_BASE}`;
export const compactSelectClass = `px-2 py-1 ${FIELD_BASE}`;
