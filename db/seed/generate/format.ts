/**
 * Stable, diff-friendly JSON: like JSON.stringify(value, null, 2), but arrays of numbers or strings (a position,
 * a capability list) and small flat objects (a village) are written on one line.
 */
export function formatJson(value: unknown): string {
  return `${format(value, '')}\n`;
}

const isPrimitive = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isFlat = (v: unknown): boolean => isPrimitive(v) || (Array.isArray(v) && v.every(isPrimitive));

/** One-line JSON with a space after commas and colons. */
function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

const MAX_LINE = 200;

function format(value: unknown, indent: string): string {
  if (isFlat(value)) return inline(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const oneLine = inline(value);
    if (entries.every(([, v]) => isFlat(v)) && indent.length + oneLine.length <= MAX_LINE) return oneLine;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
