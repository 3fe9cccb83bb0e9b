import { existsSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type { FontkitFont } from 'fontkit';
import { encodeGlyphRange } from '../domain/glyphs/pbf.ts';
import { renderSdfGlyph, type SdfGlyph } from '../domain/glyphs/sdf.ts';
import { nextTurn } from '../domain/time-slice.ts';

/** Fonts the Debian packages put here (fonts-wqy-microhei, fonts-noto-cjk); the first that exists is served. */
export const DEFAULT_FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
];

/**
 * Map label glyphs from a font on this machine (MapLibre's `glyphs` URL): each 256-code-point range is
 * rendered to SDF the first time it is asked for (~0.1–0.5 s for a range of Chinese characters) and kept in
 * memory — all of CJK is ~80 ranges, a few MB. Nothing is downloaded and nothing is committed. Without a
 * font file the route answers 404 and MapLibre draws the labels with the browser's own fonts.
 */
export class GlyphService {
  private font: FontkitFont | null | undefined;
  private readonly ranges = new Map<number, Promise<Uint8Array>>();

  constructor(private readonly fontFile: string | null) {}

  /** The font, opened at first use; null when no font file is there. */
  private open(): FontkitFont | null {
    if (this.font !== undefined) return this.font;
    const file = this.fontFile ?? DEFAULT_FONT_FILES.find((f) => existsSync(f)) ?? null;
    if (!file || !existsSync(file)) return (this.font = null);
    const opened = fontkit.openSync(file);
    this.font = 'fonts' in opened ? (opened.fonts[0] ?? null) : opened;
    return this.font;
  }

  get available(): boolean {
    return this.open() !== null;
  }

  get fontName(): string | null {
    return this.open()?.familyName ?? null;
  }

  /** The range starting at `start` (a multiple of 256) as a glyph PBF, or null without a font. */
  range(fontstack: string, start: number): Promise<Uint8Array> | null {
    const font = this.open();
    if (!font) return null;
    let made = this.ranges.get(start);
    if (!made) {
      made = (async () => {
        const glyphs: SdfGlyph[] = [];
        for (let cp = start; cp < start + 256; cp++) {
          // Yield every 4 glyphs (a few ms): the core's event loop also carries positions and dispatch.
          if (cp % 4 === 0) await nextTurn();
          if (!font.hasGlyphForCodePoint(cp)) continue;
          const g = font.glyphForCodePoint(cp);
          glyphs.push(renderSdfGlyph(cp, g.path.commands, g.bbox, g.advanceWidth, font.unitsPerEm, font.ascent));
        }
        return encodeGlyphRange(fontstack, start, glyphs);
      })();
      this.ranges.set(start, made);
    }
    return made;
  }
}
