/** Small helpers for turning SQL rows into contract views. */
export function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/**
 * `column = $n` clauses for a partial update: each entry whose value is not undefined appends its value to
 * `params` and yields its clause. Column names come from code, never from the request.
 */
export function setClauses(params: unknown[], entries: readonly [column: string, value: unknown][]): string[] {
  const sets: string[] = [];
  for (const [column, value] of entries) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  return sets;
}
