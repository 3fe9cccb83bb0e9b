import type { Map as MapLibreMap } from 'maplibre-gl';

/** Icons drawn on a canvas at startup: no sprite server, works offline. All at pixelRatio 2. */
type Draw = (ctx: CanvasRenderingContext2D, size: number) => void;

function image(size: number, draw: Draw): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  draw(ctx, size);
  return ctx.getImageData(0, 0, size, size);
}

/** A heading chevron pointing up (north), its tip beyond the unit circle; SDF so it takes the status colour. */
const arrow: Draw = (ctx, s) => {
  ctx.fillStyle = '#000';
  ctx.beginPath();
  ctx.moveTo(s / 2, 1);
  ctx.lineTo(s / 2 + s * 0.2, s * 0.3);
  ctx.lineTo(s / 2, s * 0.24);
  ctx.lineTo(s / 2 - s * 0.2, s * 0.3);
  ctx.closePath();
  ctx.fill();
};

/** A dashed ring around a unit whose position is stale. */
const staleRing: Draw = (ctx, s) => {
  ctx.strokeStyle = '#616161';
  ctx.lineWidth = 3;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.arc(s / 2, s / 2, s / 2 - 3, 0, Math.PI * 2);
  ctx.stroke();
};

const hospital: Draw = (ctx, s) => {
  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = '#c62828';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.roundRect(2, 2, s - 4, s - 4, 6);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#c62828';
  const w = s * 0.18;
  ctx.fillRect(s / 2 - w / 2, s * 0.2, w, s * 0.6);
  ctx.fillRect(s * 0.2, s / 2 - w / 2, s * 0.6, w);
};

const station: Draw = (ctx, s) => {
  ctx.fillStyle = '#37474f';
  ctx.beginPath();
  ctx.moveTo(s / 2, 2);
  ctx.lineTo(s - 3, s * 0.42);
  ctx.lineTo(s - 3, s - 3);
  ctx.lineTo(3, s - 3);
  ctx.lineTo(3, s * 0.42);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  const w = s * 0.14;
  ctx.fillRect(s / 2 - w / 2, s * 0.42, w, s * 0.42);
  ctx.fillRect(s / 2 - s * 0.21, s * 0.63 - w / 2, s * 0.42, w);
};

const ICONS: Record<string, { size: number; draw: Draw; sdf?: boolean }> = {
  'unit-arrow': { size: 48, draw: arrow, sdf: true },
  'unit-stale-ring': { size: 48, draw: staleRing },
  hospital: { size: 36, draw: hospital },
  station: { size: 32, draw: station },
};

export type IconName = keyof typeof ICONS;

/** Adds the named icons the map does not have yet. */
export function ensureIcons(map: MapLibreMap, names: IconName[]): void {
  for (const name of names) {
    const icon = ICONS[name];
    if (!icon || map.hasImage(name)) continue;
    map.addImage(name, image(icon.size, icon.draw), { pixelRatio: 2, sdf: icon.sdf ?? false });
  }
}
