// Types for the part of fontkit (pure-JS font parser, no bundled types) the glyph server uses.
declare module 'fontkit' {
  export interface FontkitGlyph {
    advanceWidth: number;
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    path: { commands: { command: string; args: number[] }[] };
  }
  export interface FontkitFont {
    postscriptName: string;
    familyName: string;
    unitsPerEm: number;
    ascent: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
  }
  export interface FontkitCollection {
    fonts: FontkitFont[];
  }
  export function openSync(path: string): FontkitFont | FontkitCollection;
}
