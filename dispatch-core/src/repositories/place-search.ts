import type { Executor } from '@c120/db';
import { places } from '@c120/db/repositories';
import type { PlaceHit } from '../contracts/api.ts';

/** The address search (db's places repository: ranking and matching are described there), as API hits. */
export async function searchPlaces(db: Executor, query: string, limit: number): Promise<PlaceHit[]> {
  const rows = await places.searchPlaces(db, query, limit);
  return rows.map((r) => ({
    id: r.id === null ? null : Number(r.id),
    kind: r.kind,
    code: r.code,
    name: r.name,
    townshipCode: r.township_code,
    townshipName: r.township_name,
    location: { lon: Number(r.lon), lat: Number(r.lat) },
  }));
}
