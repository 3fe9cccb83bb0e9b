import { DEFAULT_LOCALE, isLocale, translate, type Locale, type MessageParams } from './translate.ts';
import type { MessageKey } from './zh.ts';

const STORAGE_KEY = 'c120.locale';

function storedLocale(): Locale {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** The chosen language (Simplified Chinese by default), persisted in localStorage. */
class LocaleManager {
  current = $state<Locale>(storedLocale());

  set(locale: Locale): void {
    this.current = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
    if (typeof document !== 'undefined') document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }

  toggle(): void {
    this.set(this.current === 'zh' ? 'en' : 'zh');
  }
}

export const locale = new LocaleManager();

/** Translate in the current language; reactive wherever it is read (templates, $derived). */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(locale.current, key, params);
}
