import type { HospitalRow, StationRow } from '@c120/db/repositories';
import type { HospitalView, StationView } from '../contracts/views.ts';

/** Rows of db's facilities repository as API views. */
export function toHospitalView(r: HospitalRow): HospitalView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    level: r.level,
    address: r.address,
    townshipCode: r.townshipCode,
    capabilities: r.capabilities,
    accepting: r.accepting,
    location: { lon: r.lon, lat: r.lat },
  };
}

export function toStationView(r: StationRow): StationView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    address: r.address,
    townshipCode: r.townshipCode,
    location: { lon: r.lon, lat: r.lat },
  };
}
