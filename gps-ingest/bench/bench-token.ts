/** The token every bench Traccar Client sends (its credentials are created with this token's hash). */
export const BENCH_OSMAND_TOKEN = 'bench-token';
