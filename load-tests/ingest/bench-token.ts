/**
 * The token every bench device sends: the bench's `osmand` and `json` credentials are all created with this
 * token's hash (HTTP devices need a secret since migration 0007). A bench that forgets it measures refusals.
 */
export const BENCH_TOKEN = 'bench-token';
