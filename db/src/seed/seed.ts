import type { Database, Transaction } from '../client/types.ts';
import { loadSeedData, type SeedData } from './data-files.ts';
import { demoAuthCodeHash, demoTokenHash } from './demo-tokens.ts';

export interface SeedCounts {
  regions: number;
  townships: number;
  places: number;
  stations: number;
  hospitals: number;
  units: number;
  deviceCredentials: number;
}

/**
 * Loads the demo county. Idempotent: every row is upserted by its natural code, so running it twice leaves the
 * same rows. A unit's live state (status, latest position) is never reset by a re-seed; a unit with no position
 * yet is placed at its home station so that it can be found on the map and by nearest-unit search.
 * Each table is written by one statement that expands a JSON parameter (jsonb_to_recordset): fast, and the
 * same SQL on PostgreSQL and PGlite.
 */
export async function seedDemoCounty(db: Database, data?: SeedData): Promise<SeedCounts> {
  const d = data ?? (await loadSeedData());
  return db.transaction(async (tx) => {
    const regions = await upsert(
      tx,
      `INSERT INTO regions (code, name, name_en, population, geom)
       VALUES ($1, $2, $3, $4, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326)))
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en,
         population = EXCLUDED.population, geom = EXCLUDED.geom`,
      [
        d.county.properties.code,
        d.county.properties.name,
        d.county.properties.nameEn ?? null,
        d.county.properties.population ?? null,
        JSON.stringify(d.county.geometry),
      ],
    );
    const townships = await upsert(
      tx,
      `INSERT INTO townships (code, region_code, name, pinyin, initials, kind, population, area_km2, seat, geom)
       SELECT t.code, $2, t.name, t.pinyin, coalesce(t.initials, ''), t.kind, t.population, t."areaKm2",
              ST_SetSRID(ST_MakePoint((t.seat->>0)::float8, (t.seat->>1)::float8), 4326),
              ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(t.geometry), 4326))
       FROM jsonb_to_recordset($1::jsonb) AS t(code text, name text, pinyin text, initials text, kind text,
            population int, "areaKm2" float8, seat jsonb, geometry jsonb)
       ON CONFLICT (code) DO UPDATE SET region_code = EXCLUDED.region_code, name = EXCLUDED.name,
         pinyin = EXCLUDED.pinyin, initials = EXCLUDED.initials, kind = EXCLUDED.kind,
         population = EXCLUDED.population, area_km2 = EXCLUDED.area_km2, seat = EXCLUDED.seat, geom = EXCLUDED.geom`,
      [JSON.stringify(d.townships), d.county.properties.code],
    );
    const places = await upsert(
      tx,
      `INSERT INTO places (code, kind, name, pinyin, initials, township_code, population, geom)
       SELECT p.code, p.kind, p.name, p.pinyin, p.initials, p."townshipCode", p.population,
              ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS p(code text, kind text, name text, pinyin text, initials text,
            "townshipCode" text, population int, lon float8, lat float8)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, pinyin = EXCLUDED.pinyin,
         initials = EXCLUDED.initials, township_code = EXCLUDED.township_code,
         population = EXCLUDED.population, geom = EXCLUDED.geom`,
      [
        JSON.stringify([
          ...d.villages.map((v) => ({ ...v, kind: v.name.endsWith('社区') ? 'community' : 'village' })),
          ...d.landmarks.map((l) => ({ ...l, kind: 'landmark', population: null })),
        ]),
      ],
    );
    const stations = await upsert(
      tx,
      `INSERT INTO stations (code, name, address, township_code, geom)
       SELECT s.code, s.name, s.address, s."townshipCode", ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS s(code text, name text, address text, "townshipCode" text,
            lon float8, lat float8)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, address = EXCLUDED.address,
         township_code = EXCLUDED.township_code, geom = EXCLUDED.geom`,
      [JSON.stringify(d.stations)],
    );
    const hospitals = await upsert(
      tx,
      `INSERT INTO hospitals (code, name, level, address, township_code, capabilities, geom)
       SELECT h.code, h.name, h.level, h.address, h."townshipCode",
              ARRAY(SELECT jsonb_array_elements_text(h.capabilities)),
              ST_SetSRID(ST_MakePoint(h.lon, h.lat), 4326)
       FROM jsonb_to_recordset($1::jsonb) AS h(code text, name text, level text, address text,
            "townshipCode" text, capabilities jsonb, lon float8, lat float8)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, address = EXCLUDED.address,
         township_code = EXCLUDED.township_code, capabilities = EXCLUDED.capabilities, geom = EXCLUDED.geom`,
      [JSON.stringify(d.hospitals)],
    );
    const units = await upsert(
      tx,
      `INSERT INTO units (code, call_sign, plate, kind, capabilities, station_id, position, fix_at)
       SELECT u.code, u."callSign", u.plate, u.kind, ARRAY(SELECT jsonb_array_elements_text(u.capabilities)),
              s.id, s.geom, NULL
       FROM jsonb_to_recordset($1::jsonb) AS u(code text, "callSign" text, plate text, kind text,
            capabilities jsonb, "stationCode" text)
       LEFT JOIN stations s ON s.code = u."stationCode"
       ON CONFLICT (code) DO UPDATE SET call_sign = EXCLUDED.call_sign, plate = EXCLUDED.plate,
         kind = EXCLUDED.kind, capabilities = EXCLUDED.capabilities, station_id = EXCLUDED.station_id,
         position = coalesce(units.position, EXCLUDED.position)`,
      [JSON.stringify(d.units)],
    );
    const deviceCredentials = await upsert(
      tx,
      // Each unit's vehicle terminal (JT/T 808 or Traccar Client), plus a `json` credential named after the unit
      // code for the crew tablet's browser geolocation (the console's crew page posts JSON batches). A Traccar
      // Client gets its demo token, a JT/T 808 terminal its demo auth code as if registered (demo-tokens.ts); a
      // token an administrator issued since is kept, and so is the code of a terminal that registered itself
      // (its identity is bound) — a re-seed restores the demo code of one registered before migration 0009.
      `INSERT INTO device_credentials (unit_id, protocol, device_id, coord_system, secret_hash, auth_code_hash,
                                       registered_at)
       -- JT/T 808 terminals are known by their phone number without the BCD padding zeros (as decoded).
       SELECT un.id, u."deviceProtocol",
              CASE WHEN u."deviceProtocol" = 'jt808' THEN ltrim(u."deviceId", '0') ELSE u."deviceId" END,
              u."coordSystem", u."secretHash", u."authCodeHash",
              CASE WHEN u."authCodeHash" IS NOT NULL THEN now() END
       FROM jsonb_to_recordset($1::jsonb) AS u(code text, "deviceProtocol" text, "deviceId" text, "coordSystem" text,
            "secretHash" text, "authCodeHash" text)
       JOIN units un ON un.code = u.code
       UNION ALL
       SELECT un.id, 'json', un.code, 'wgs84', NULL, NULL, NULL
       FROM jsonb_to_recordset($1::jsonb) AS u(code text) JOIN units un ON un.code = u.code
       ON CONFLICT (protocol, device_id) WHERE revoked_at IS NULL
       DO UPDATE SET unit_id = EXCLUDED.unit_id, coord_system = EXCLUDED.coord_system,
         secret_hash = coalesce(device_credentials.secret_hash, EXCLUDED.secret_hash),
         auth_code_hash = CASE WHEN device_credentials.terminal_hw_id IS NULL THEN EXCLUDED.auth_code_hash
                               ELSE device_credentials.auth_code_hash END,
         registered_at = CASE WHEN device_credentials.terminal_hw_id IS NULL
                              THEN coalesce(device_credentials.registered_at, EXCLUDED.registered_at)
                              ELSE device_credentials.registered_at END`,
      [
        JSON.stringify(
          d.units.map((u) => ({
            ...u,
            secretHash: u.deviceProtocol === 'osmand' ? demoTokenHash(u.deviceId) : null,
            authCodeHash: u.deviceProtocol === 'jt808' ? demoAuthCodeHash(u.deviceId) : null,
          })),
        ),
      ],
    );
    return { regions, townships, places, stations, hospitals, units, deviceCredentials };
  });
}

async function upsert(tx: Transaction, sql: string, params: unknown[]): Promise<number> {
  return (await tx.query(sql, params)).rowCount;
}
