import type { PlaceHit } from '../contracts/api.ts';
import { searchPlaces } from '../repositories/place-search.ts';
import type { ServiceContext } from './context.ts';

/** Address search over the gazetteer and the imported OpenStreetMap extract (Chinese, pinyin, initials). */
export class PlaceSearchService {
  constructor(private readonly ctx: ServiceContext) {}

  search(q: string, limit: number): Promise<PlaceHit[]> {
    return searchPlaces(this.ctx.db, q, limit);
  }
}
