import { env } from '$env/dynamic/public';
import { basemapConfig, type BasemapConfig } from './map/tiles.ts';
import { GCJ02, IDENTITY, type Projection } from './map/coords.ts';

/**
 * Deployment settings, from PUBLIC_* environment variables at build time. With adapter-static they end up in
 * `build/_app/env.js`, which an operator may also edit after the build (see console/README.md).
 */
export const basemap: BasemapConfig = basemapConfig({
  urls: env.PUBLIC_TILE_URLS,
  subdomains: env.PUBLIC_TILE_SUBDOMAINS,
  attribution: env.PUBLIC_TILE_ATTRIBUTION,
  maxZoom: env.PUBLIC_TILE_MAX_ZOOM,
  tileSize: env.PUBLIC_TILE_SIZE,
  coords: env.PUBLIC_TILE_COORDS,
  tiandituKey: env.PUBLIC_TIANDITU_KEY,
  tiandituLayer: env.PUBLIC_TIANDITU_LAYER,
});

export const projection: Projection = basemap.coords === 'gcj02' ? GCJ02 : IDENTITY;
