// Settings shared by the scenarios; every one can be overridden with -e NAME=value (or the environment).
export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8120').replace(/\/$/, '');
export const WS_URL = BASE_URL.replace(/^http/, 'ws') + '/ws';
export const RESULTS_DIR = __ENV.RESULTS_DIR || 'load-tests/results';
export const num = (name, fallback) => (__ENV[name] === undefined ? fallback : Number(__ENV[name]));

// Danyang's bounding box (WGS-84), for random scenes and positions.
export const BOX = { w: 119.4, e: 119.8, s: 31.8, n: 32.1 };
export function randomPoint() {
  return { lon: BOX.w + Math.random() * (BOX.e - BOX.w), lat: BOX.s + Math.random() * (BOX.n - BOX.s) };
}

export function uuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}
