import { en } from './en.ts';
import { zh, type Dictionary, type MessageKey } from './zh.ts';

export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh';

export const DICTIONARIES: Record<Locale, Dictionary> = { zh, en };

export type MessageParams = Record<string, string | number>;

/** The message for `key` in `locale` with `{name}` placeholders filled; an unknown placeholder stays visible. */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = DICTIONARIES[locale][key] ?? zh[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The `{name}` placeholders a message uses (for the parity test). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** BCP-47 tag for Intl APIs. */
export function intlTag(locale: Locale): string {
  return locale === 'zh' ? 'zh-CN' : 'en-GB';
}
