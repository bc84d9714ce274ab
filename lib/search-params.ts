// A URL's search parameters as Next.js hands them to a page (a key may repeat): the first value.
export type SearchParamValue = string | string[] | undefined;

/** The first value of a search parameter (`?a=1&a=2` → "1"), or undefined when absent. */
export const firstParam = (v: SearchParamValue): string | undefined => (Array.isArray(v) ? v[0] : v);
