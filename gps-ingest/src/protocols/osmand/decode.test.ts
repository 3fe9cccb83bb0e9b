import { describe, expect, it } from 'vitest';
import { decodeOsmAnd } from './decode.ts';
import type { OsmAndResult } from './types.ts';

const receivedAt = new Date('2025-03-15T08:00:00Z');

/** A GET as Traccar's tests send it: the URL path + query. */
function get(url: string): OsmAndResult {
  return decodeOsmAnd({ method: 'GET', query: new URL(url, 'http://gps.example').searchParams, receivedAt });
}

function post(body: string, contentType = 'application/json'): OsmAndResult {
  return decodeOsmAnd({ method: 'POST', query: new URLSearchParams(), contentType, body, receivedAt });
}

function positions(r: OsmAndResult) {
  if ('error' in r) throw new Error(r.error);
  return r.positions;
}

describe('OsmAnd query form (Traccar Client query strings)', () => {
  it('decodes id, epoch seconds, and converts knots → km/h', () => {
    expect(
      positions(
        get(
          '/?id=123456&timestamp=1377177267&lat=60.0&lon=30.0&speed=10.0&bearing=7.5&altitude=120&accuracy=8&batt=87',
        ),
      ),
    ).toEqual([
      {
        protocol: 'osmand',
        deviceId: '123456',
        fixTime: new Date('2013-08-22T13:14:27Z'),
        lat: 60,
        lon: 30,
        valid: true,
        speedKmh: 18.52,
        headingDeg: 7.5,
        altitudeM: 120,
        accuracyM: 8,
        batteryPct: 87,
      },
    ]);
  });

  it('reads epoch milliseconds, ISO-8601 and `yyyy-MM-dd HH:mm:ss` (UTC) timestamps', () => {
    expect(
      positions(
        get('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0'),
      )[0]?.fixTime,
    ).toEqual(new Date(1442068686579));
    const isoResult = positions(
      get(
        '/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0',
      ),
    )[0];
    expect(isoResult).toMatchObject({
      fixTime: new Date('2016-01-27T18:55:47Z'),
      speedKmh: 0,
      altitudeM: 224,
      extras: { hdop: 6 },
    });
    expect(isoResult?.accuracyM).toBeUndefined();
    const spaced = positions(
      get('/?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681'),
    )[0];
    expect(spaced).toMatchObject({
      deviceId: '353861053849681',
      fixTime: new Date('2014-06-04T09:10:11Z'),
      altitudeM: 384.7,
    });
  });

  it('uses the arrival time, flagged, when there is no timestamp', () => {
    const p = positions(
      get('/?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87'),
    )[0];
    expect(p).toMatchObject({ fixTime: receivedAt, batteryPct: 87, extras: { serverTime: true } });
  });

  it('accepts deviceid, heading and location=lat,lon', () => {
    expect(
      positions(get('/?lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456'))[0],
    ).toMatchObject({
      deviceId: '123456',
      headingDeg: 0,
      extras: { vacc: 0, hacc: 0, serverTime: true },
    });
    expect(positions(get('/?id=123456&timestamp=1377177267&location=60.0,30.0'))[0]).toMatchObject({
      lat: 60,
      lon: 30,
    });
  });

  it('keeps other parameters as typed extras', () => {
    const p = positions(
      get(
        '/?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24&driverUniqueId=ab12&charge=true',
      ),
    )[0];
    expect(p).toMatchObject({
      speedKmh: 74.08,
      headingDeg: 7.19889788244,
      extras: { ignition: true, rpm: 933, fuel: 24, driverUniqueId: 'ab12', charging: true },
    });
  });

  it('honours valid=false and treats 0,0 as no fix', () => {
    expect(positions(get('/?id=1&lat=31.9&lon=119.5&valid=false'))[0]?.valid).toBe(false);
    expect(positions(get('/?id=1&lat=31.9&lon=119.5&valid=1'))[0]?.valid).toBe(true);
    expect(positions(get('/?id=1&lat=0&lon=0'))[0]?.valid).toBe(false);
  });

  it('omits negative speed and bearing (unknown)', () => {
    const p = positions(get('/?id=1&lat=31.9&lon=119.5&speed=-1&bearing=-1'))[0];
    expect(p?.speedKmh).toBeUndefined();
    expect(p?.headingDeg).toBeUndefined();
  });

  it('reads a form-encoded POST body when the URL has no query', () => {
    const r = decodeOsmAnd({
      method: 'POST',
      query: {},
      contentType: 'application/x-www-form-urlencoded',
      body: 'id=7&lat=31.99&lon=119.58&timestamp=1742025600',
      receivedAt,
    });
    expect(positions(r)[0]).toMatchObject({
      deviceId: '7',
      lat: 31.99,
      lon: 119.58,
      fixTime: new Date('2025-03-15T08:00:00Z'),
    });
  });

  it('accepts a framework query object (first value of repeated keys)', () => {
    const r = decodeOsmAnd({
      method: 'GET',
      query: { id: ['a1', 'b2'], lat: '31.9', lon: '119.5', timestamp: '1742025600' },
      receivedAt,
    });
    expect(positions(r)[0]?.deviceId).toBe('a1');
  });

  it('returns clear errors', () => {
    expect(get('/?timestamp=1377177267&lat=60.0&lon=30.0')).toEqual({ error: 'missing device id (id or deviceid)' });
    expect(get('/?id=123456&timestamp=1377177267&cell=257,02,16,2224')).toEqual({
      error: 'missing position (lat and lon, or location=lat,lon)',
    });
    expect(get('/?id=1&lat=91&lon=30')).toEqual({ error: 'lat 91 out of range [-90, 90]' });
    expect(get('/?id=1&lat=31&lon=-180.5')).toEqual({ error: 'lon -180.5 out of range [-180, 180]' });
    expect(get('/?id=1&lat=NaN&lon=30')).toEqual({ error: 'lat/lon missing or not decimal numbers' });
    expect(get('/?id=1&lat=0x1f&lon=30')).toEqual({ error: 'lat/lon missing or not decimal numbers' });
    expect(get('/?id=1&lat=31&lon=119&timestamp=soon')).toEqual({ error: 'unreadable timestamp "soon"' });
    expect(get('/?id=1&lat=31&lon=119&timestamp=5')).toEqual({
      error: 'implausible timestamp 1970-01-01T00:00:05.000Z',
    });
    expect(decodeOsmAnd({ method: 'GET', query: {} })).toEqual({ error: 'no parameters in the URL or the body' });
  });
});

describe('OsmAnd JSON form (Traccar Client ≥ 9)', () => {
  it('decodes a real Traccar Client body: m/s → km/h, battery level 0..1 → %', () => {
    const body =
      '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}';
    expect(positions(post(body))).toEqual([
      {
        protocol: 'osmand',
        deviceId: '8737767034',
        fixTime: new Date('2021-07-21T08:06:34.444Z'),
        lat: -6.1148096,
        lon: 106.6837015,
        valid: true,
        speedKmh: 67.212,
        headingDeg: 63,
        altitudeM: 35.7,
        accuracyM: 3.8,
        moving: false,
        batteryPct: 79,
        extras: { charging: false, activity: 'still', odometerM: 0, event: 'motionchange' },
      },
    ]);
  });

  it('omits -1 speed, heading and battery level (unknown)', () => {
    const body =
      '{"location":{"extras":{},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"ellipsoidal_altitude":0,"floor":null,"heading_accuracy":-1,"latitude":37.785834000000001,"accuracy":5,"altitude_accuracy":-1,"altitude":0,"heading":-1},"is_moving":false,"age":188,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}';
    const [p] = positions(post(body));
    expect(p).toMatchObject({
      deviceId: '658765',
      lat: 37.785834,
      lon: -122.406417,
      accuracyM: 5,
      altitudeM: 0,
      extras: { mock: true },
    });
    expect(p?.speedKmh).toBeUndefined();
    expect(p?.headingDeg).toBeUndefined();
    expect(p?.batteryPct).toBeUndefined();
  });

  it('detects JSON without a content type and accepts a numeric device_id', () => {
    const body =
      '{"device_id":48241179,"location":{"timestamp":"2025-06-15T13:45:12.862Z","coords":{"latitude":37.4219983,"longitude":-122.084,"speed":0,"heading":-1}}}';
    expect(positions(decodeOsmAnd({ method: 'POST', query: {}, body }))[0]).toMatchObject({
      deviceId: '48241179',
      speedKmh: 0,
    });
  });

  it('decodes a batch and skips its bad items', () => {
    const fix = (lat: number, t: string) => ({ timestamp: t, coords: { latitude: lat, longitude: 119.58, speed: 10 } });
    const body = JSON.stringify({
      device_id: 'amb-07',
      location: [
        fix(31.99, '2025-03-15T07:59:00Z'),
        fix(95, '2025-03-15T07:59:05Z'),
        { coords: {} },
        fix(32, '2025-03-15T07:59:10Z'),
      ],
    });
    const r = post(body);
    if ('error' in r) throw new Error(r.error);
    expect(r.positions.map((p) => [p.lat, p.speedKmh])).toEqual([
      [31.99, 36],
      [32, 36],
    ]);
    expect(r.rejected).toEqual([
      { index: 1, reason: 'lat 95 out of range [-90, 90]' },
      { index: 2, reason: 'coords.latitude/longitude must be numbers' },
    ]);
  });

  it('takes the device id from the query when the body has none', () => {
    const r = decodeOsmAnd({
      method: 'POST',
      query: new URLSearchParams('id=q-1'),
      contentType: 'application/json; charset=utf-8',
      body: '{"location":{"coords":{"latitude":31.9,"longitude":119.5}}}',
      receivedAt,
    });
    expect(positions(r)[0]).toMatchObject({ deviceId: 'q-1', fixTime: receivedAt, extras: { serverTime: true } });
  });

  it('returns clear errors', () => {
    expect(post('{"location":')).toEqual({ error: 'body is not valid JSON' });
    expect(post('[]')).toEqual({ error: 'JSON body must be an object with "location"' });
    expect(post('{"location":{"coords":{"latitude":1,"longitude":2}}}')).toEqual({ error: 'missing device_id' });
    expect(post('{"device_id":"x","location":[]}')).toEqual({ error: 'empty "location" array' });
    expect(post('{"device_id":"x","location":{"timestamp":"soon","coords":{"latitude":1,"longitude":2}}}')).toEqual({
      error: 'unreadable location.timestamp',
    });
    expect(post('{"device_id":"x","location":[{"coords":{}}]}')).toEqual({
      error: 'no usable location: [0] coords.latitude/longitude must be numbers',
    });
    const big = JSON.stringify({
      device_id: 'x',
      location: Array.from({ length: 3 }, () => ({ coords: { latitude: 1, longitude: 2 } })),
    });
    expect(decodeOsmAnd({ method: 'POST', query: {}, body: big }, { maxBatch: 2 })).toEqual({
      error: '"location" array has 3 items, more than 2',
    });
  });
});
