import type { HospitalLevel } from '@c120/shared/vocabulary';
import type { HospitalView, StationView } from '../contracts/views.ts';
import { strOrNull } from './rows.ts';

type Row = Record<string, unknown>;

/** Columns of `hospitals h` that toHospitalView reads. */
export const HOSPITAL_COLUMNS = `h.id, h.code, h.name, h.level, h.address, h.township_code, h.capabilities, h.accepting,
  ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat`;

/** Columns of `stations s` that toStationView reads. */
export const STATION_COLUMNS = `s.id, s.code, s.name, s.address, s.township_code, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat`;

export function toHospitalView(r: Row): HospitalView {
  return {
    id: Number(r.id),
    code: String(r.code),
    name: String(r.name),
    level: r.level as HospitalLevel,
    address: strOrNull(r.address),
    townshipCode: strOrNull(r.township_code),
    capabilities: (r.capabilities as string[] | null) ?? [],
    accepting: Boolean(r.accepting),
    location: { lon: Number(r.lon), lat: Number(r.lat) },
  };
}

export function toStationView(r: Row): StationView {
  return {
    id: Number(r.id),
    code: String(r.code),
    name: String(r.name),
    address: strOrNull(r.address),
    townshipCode: strOrNull(r.township_code),
    location: { lon: Number(r.lon), lat: Number(r.lat) },
  };
}
