import { createRequire } from 'node:module';

/** The part of gcoord used here. */
interface Gcoord {
  transform(input: [number, number], from: string, to: string): [number, number];
  GCJ02: string;
  WGS84: string;
}

// gcoord is CommonJS with typings that declare `export default`: under NodeNext TypeScript expects
// `.default.transform` where Node hands over the object itself. Requiring it sidesteps the mismatch.
const gcoord = createRequire(import.meta.url)('gcoord') as Gcoord;
import type { ItemStep } from '../step.ts';

/**
 * Geometry is stored in WGS-84. Devices configured `gcj02` (many Chinese in-vehicle terminals and phone SDKs
 * report the "Mars" datum) are converted here; gcoord leaves points outside China unchanged, as GCJ-02 does.
 */
export function datumStep(): ItemStep {
  return {
    kind: 'item',
    name: 'datum',
    onError: 'pass',
    process(item) {
      if (item.coordSystem !== 'gcj02') return;
      const [lon, lat] = gcoord.transform([item.lon, item.lat], gcoord.GCJ02, gcoord.WGS84);
      item.lon = lon;
      item.lat = lat;
    },
  };
}
