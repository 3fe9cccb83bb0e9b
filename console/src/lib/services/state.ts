import type { StateSnapshot } from '@c120/dispatch-core/contracts';
import { get } from './http.ts';

/** GET /api/state: everything the console shows, consistent with event `seq`. */
export const fetchState = (signal?: AbortSignal) => get<StateSnapshot>('/api/state', signal);
