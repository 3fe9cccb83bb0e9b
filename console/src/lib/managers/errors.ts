import { t, type MessageKey } from '../i18n/index.ts';
import { zh } from '../i18n/zh.ts';
import { ApiError } from '../services/http.ts';
import { toasts } from './toasts.svelte.ts';

const isKey = (key: string): key is MessageKey => Object.hasOwn(zh, key);

/**
 * The server's refusal in the console's language: by its code (`apiError.<code>`), else by its status. The
 * server's own (English) message is never shown inside the translated UI; it goes to the browser log.
 */
export function apiErrorText(error: ApiError): string {
  if (error.isNetwork) return t('error.network');
  const byCode = `apiError.${error.code ?? ''}`;
  if (error.code && isKey(byCode)) return t(byCode);
  const byStatus = `apiError.status.${error.status}`;
  if (isKey(byStatus)) return t(byStatus);
  return t(error.status >= 500 ? 'apiError.status.500' : 'apiError.status.400');
}

/** Text for an error, for the person at the console. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return apiErrorText(error);
  if (error instanceof Error) return t('error.unexpected', { message: error.message });
  return t('error.unexpected', { message: String(error) });
}

/** The one error handler: every failed user action ends here and shows the server's message in a toast. */
export function handleError(error: unknown): void {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  console.error(error);
  toasts.error(errorText(error));
}
