import { t } from '../i18n/index.ts';
import { apiErrorKey } from '../i18n/api-errors.ts';
import { ApiError } from '../services/http.ts';
import { toasts } from './toasts.svelte.ts';

/** The server's refusal in the console's language (never its English message; that goes to the browser log). */
export function apiErrorText(error: ApiError): string {
  return t(apiErrorKey(error));
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
