import Pbf from 'pbf';
import type { SdfGlyph } from './sdf.ts';

/** A glyph range as MapLibre reads it (glyphs.proto: glyphs → fontstack{name, range, glyph*}). */
export function encodeGlyphRange(fontstack: string, start: number, glyphs: readonly SdfGlyph[]): Uint8Array {
  const pbf = new Pbf();
  pbf.writeMessage(
    1,
    (_: unknown, p: Pbf) => {
      p.writeStringField(1, fontstack);
      p.writeStringField(2, `${start}-${start + 255}`);
      for (const g of glyphs) {
        p.writeMessage(
          3,
          (_g: unknown, q: Pbf) => {
            q.writeVarintField(1, g.id);
            if (g.bitmap.length > 0) q.writeBytesField(2, g.bitmap);
            q.writeVarintField(3, g.width);
            q.writeVarintField(4, g.height);
            q.writeSVarintField(5, g.left);
            q.writeSVarintField(6, g.top);
            q.writeVarintField(7, g.advance);
          },
          null,
        );
      }
    },
    null,
  );
  return pbf.finish();
}
