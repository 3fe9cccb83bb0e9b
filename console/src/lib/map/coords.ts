/**
 * WGS-84 ↔ GCJ-02 for display over GCJ-02 tiles (AMap, Tencent). Data stays WGS-84 everywhere; the console
 * shifts what it draws and shifts map clicks back. The forward formula is the widely published one; the inverse
 * is iterated to well under a metre. Outside China GCJ-02 equals WGS-84.
 */
export type LonLatPair = [number, number];

const A = 6378245.0;
const EE = 0.006693421622965943;

function outOfChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02([lon, lat]: LonLatPair): LonLatPair {
  if (outOfChina(lon, lat)) return [lon, lat];
  let dLat = transformLat(lon - 105.0, lat - 35.0);
  let dLon = transformLon(lon - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLon = (dLon * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

export function gcj02ToWgs84(p: LonLatPair): LonLatPair {
  let [lon, lat] = p;
  for (let i = 0; i < 6; i++) {
    const [gLon, gLat] = wgs84ToGcj02([lon, lat]);
    lon += p[0] - gLon;
    lat += p[1] - gLat;
  }
  return [lon, lat];
}

/** The pair of functions the map uses: data → display and display → data. */
export interface Projection {
  toDisplay(p: LonLatPair): LonLatPair;
  fromDisplay(p: LonLatPair): LonLatPair;
}

export const IDENTITY: Projection = { toDisplay: (p) => p, fromDisplay: (p) => p };
export const GCJ02: Projection = { toDisplay: wgs84ToGcj02, fromDisplay: gcj02ToWgs84 };
