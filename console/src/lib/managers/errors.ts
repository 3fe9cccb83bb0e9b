import { t } from '../i18n/index.ts';
import { ApiError } from '../services/http.ts';
import { toasts } from './toasts.svelte.ts';

/** Text for an error, for the person at the console: the server's own message when there is one. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.isNetwork ? t('error.network') : error.message;
  if (error instanceof Error) return t('error.unexpected', { message: error.message });
  return t('error.unexpected', { message: String(error) });
}

/** The one error handler: every failed user action ends here and shows the server's message in a toast. */
export function handleError(error: unknown): void {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  console.error(error);
  toasts.error(errorText(error));
}
