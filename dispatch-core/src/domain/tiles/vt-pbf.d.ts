// Types for the part of vt-pbf (no bundled types) the tile encoder uses: geojson-vt's tile feature format.
declare module 'vt-pbf' {
  export interface GeojsonVtFeature {
    /** 1 point, 2 line, 3 polygon. */
    type: 1 | 2 | 3;
    /** Points: [[x, y], …]; lines and polygons: [[[x, y], …], …] (lines / rings), in tile units. */
    geometry: [number, number][] | [number, number][][];
    tags: Record<string, string | number | boolean>;
    id?: number;
  }
  export function fromGeojsonVt(
    layers: Record<string, { features: GeojsonVtFeature[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;
}
