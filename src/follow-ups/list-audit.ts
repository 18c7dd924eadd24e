/** The names of the query filters that were given (their values may be PHI: never audited). */
export function filtersGiven(query: object, names: string[]): string[] {
  return names.filter((n) => (query as Record<string, unknown>)[n] !== undefined);
}
