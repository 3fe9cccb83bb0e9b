import type { PlaceHit } from '@c120/dispatch-core/contracts';
import { get } from './http.ts';

/** GET /api/places/search: villages, communities, landmarks and townships; Chinese, pinyin or initials. */
export function searchPlaces(q: string, limit = 10, signal?: AbortSignal): Promise<PlaceHit[]> {
  const params = new URLSearchParams({ q, limit: String(limit) });
  return get<PlaceHit[]>(`/api/places/search?${params}`, signal);
}
