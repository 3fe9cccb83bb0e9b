import type { Tags } from './profile.ts';

/** Layer and class of a way for the basemap, or null when the map does not draw it. */
export interface AreaClass {
  layer: 'water' | 'waterway' | 'landuse';
  cls: string;
}

const WATER_AREA = new Set(['water', 'bay', 'wetland']);
const WATERWAYS = new Set(['river', 'stream', 'canal', 'drain', 'ditch']);
const LANDUSE = new Set([
  'residential',
  'commercial',
  'retail',
  'industrial',
  'farmland',
  'farmyard',
  'orchard',
  'meadow',
  'grass',
  'forest',
  'cemetery',
  'construction',
  'military',
  'railway',
]);
const GREEN = new Set(['park', 'garden', 'pitch', 'stadium', 'golf_course', 'nature_reserve', 'common']);
const NATURAL_GREEN = new Set(['wood', 'scrub', 'grassland', 'heath', 'beach']);

/**
 * Water (natural=water, waterway=riverbank, reservoirs), waterway lines (river, canal …) and land use / parks.
 * Areas come from closed ways only; multipolygon relations (large lakes, coastline) are not assembled.
 */
export function areaClass(tags: Tags, closed: boolean): AreaClass | null {
  if (tags.waterway && WATERWAYS.has(tags.waterway)) return { layer: 'waterway', cls: tags.waterway };
  if (!closed) return null;
  if ((tags.natural && WATER_AREA.has(tags.natural)) || tags.waterway === 'riverbank')
    return { layer: 'water', cls: tags.water ?? tags.natural ?? 'water' };
  if (tags.landuse === 'reservoir' || tags.landuse === 'basin') return { layer: 'water', cls: tags.landuse };
  if (tags.landuse && LANDUSE.has(tags.landuse)) return { layer: 'landuse', cls: tags.landuse };
  if (tags.leisure && GREEN.has(tags.leisure)) return { layer: 'landuse', cls: tags.leisure };
  if (tags.natural && NATURAL_GREEN.has(tags.natural)) return { layer: 'landuse', cls: tags.natural };
  return null;
}

const POI_KEYS = [
  'amenity',
  'healthcare',
  'shop',
  'tourism',
  'office',
  'leisure',
  'historic',
  'public_transport',
  'railway',
] as const;

export interface PoiClass {
  kind: 'place' | 'poi' | 'address';
  cls: string;
  name: string;
  nameZh: string | null;
  addr: string | null;
}

/** `addr:*` as one line, the Chinese order (province … street, number), or null. */
export function addressLine(tags: Tags): string | null {
  const parts = ['addr:province', 'addr:city', 'addr:district', 'addr:street', 'addr:housenumber']
    .map((k) => tags[k])
    .filter((v): v is string => !!v);
  if (parts.length === 0) return tags['addr:full'] ?? null;
  return parts.join(' ');
}

/**
 * A named place (city … hamlet, neighbourhood), a named POI (hospital, school, shop …) or a bare address
 * (a node or building with `addr:street` + `addr:housenumber` and no name), or null.
 */
export function poiClass(tags: Tags): PoiClass | null {
  const nameZh = tags['name:zh'] ?? tags['name:zh-Hans'] ?? null;
  const name = tags.name ?? nameZh;
  const addr = addressLine(tags);
  if (name && tags.place) return { kind: 'place', cls: tags.place, name, nameZh, addr };
  if (name) {
    for (const k of POI_KEYS) {
      const v = tags[k];
      if (v && v !== 'no') return { kind: 'poi', cls: `${k}=${v}`, name, nameZh, addr };
    }
  }
  if (tags['addr:street'] && tags['addr:housenumber']) {
    return {
      kind: 'address',
      cls: 'address',
      name: `${tags['addr:street']} ${tags['addr:housenumber']}`,
      nameZh,
      addr,
    };
  }
  return null;
}
