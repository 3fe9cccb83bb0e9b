import { describe, expect, it } from 'vitest';
import { basemapConfig, expandTileUrls } from './tiles.ts';

describe('basemap configuration', () => {
  it('is the offline basemap without settings', () => {
    expect(basemapConfig({})).toEqual({ rasters: [], coords: 'wgs84' });
  });

  it('expands {s} into explicit hosts (MapLibre has no {s})', () => {
    expect(expandTileUrls('https://{s}.tile.example.org/{z}/{x}/{y}.png', 'a,b')).toEqual([
      'https://a.tile.example.org/{z}/{x}/{y}.png',
      'https://b.tile.example.org/{z}/{x}/{y}.png',
    ]);
    expect(expandTileUrls('https://t1/{z}/{x}/{y}.png, https://t2/{z}/{x}/{y}.png')).toHaveLength(2);
  });

  it('adds Tianditu base + annotation layers from all eight hosts, in WGS-84', () => {
    const c = basemapConfig({ tiandituKey: 'KEY', tiandituLayer: 'img', coords: 'gcj02' });
    expect(c.rasters.map((r) => r.id)).toEqual(['tianditu-img', 'tianditu-cia']);
    expect(c.rasters[0]?.tiles).toHaveLength(8);
    expect(c.rasters[0]?.tiles[7]).toContain('https://t7.tianditu.gov.cn/img_w/wmts?');
    expect(c.rasters[0]?.tiles[0]).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=KEY');
    expect(c.coords).toBe('wgs84');
  });

  it('takes custom tiles with their coordinate system', () => {
    const c = basemapConfig({
      urls: 'https://tiles/{z}/{x}/{y}.png',
      coords: 'GCJ02',
      maxZoom: '17',
      attribution: '© x',
    });
    expect(c.coords).toBe('gcj02');
    expect(c.rasters[0]).toMatchObject({ maxzoom: 17, tileSize: 256, attribution: '© x' });
  });
});
