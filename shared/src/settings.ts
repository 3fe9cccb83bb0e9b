/**
 * Settings parsing for every process (core, device ingest, database, simulator): one error type and one message
 * style — `NAME must be …, got "raw"` — so a bad environment stops the boot with the variable's name whichever
 * package reads it. Unset and empty values take the default.
 */

/** The environment as read: `process.env` or a test's plain object. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A setting that cannot be used; the message names the variable. Packages subclass it for `instanceof`. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** An integer in [min, max]. */
export function envInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  return value === undefined ? fallback : parseIntSetting(name, value, min, max);
}

/** Parses one integer setting already read (throws `SettingsError` naming it). */
export function parseIntSetting(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new SettingsError(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
  }
  return n;
}

/** A positive integer (≥ 1). */
export function envPositiveInt(env: Env, name: string, fallback: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new SettingsError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/** true/false (also 1/0, yes/no, on/off). */
export function envBool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new SettingsError(`${name} must be true or false, got "${value}"`);
}

/** A TCP port, or null for `off`. */
export function envPort(env: Env, name: string, fallback: number | null): number | null {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (value.toLowerCase() === 'off') return null;
  return parseIntSetting(name, value, 0, 65_535);
}

/** One of a fixed list of words. */
export function envChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new SettingsError(`${name} must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** A trimmed string, or the fallback when unset or empty. */
export function envString<F extends string | null>(env: Env, name: string, fallback: F): string | F {
  return raw(env, name) ?? fallback;
}

/**
 * A lenient integer for the browser's build-time settings (a bad value there falls back instead of stopping a
 * page): a positive integer or the fallback.
 */
export function positiveIntOr(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
