import type { MessageKey } from './zh.ts';
import { zh } from './zh.ts';

const isKey = (key: string): key is MessageKey => Object.hasOwn(zh, key);

/**
 * The message for a server refusal: by its code (`apiError.<code>`), else by its HTTP status, else a generic one.
 * The server's own message is English, for logs and API clients; the console shows this instead (zh/en).
 */
export function apiErrorKey(error: { status: number; code?: string | undefined }): MessageKey {
  if (error.status === 0) return 'error.network';
  const byCode = `apiError.${error.code ?? ''}`;
  if (error.code && isKey(byCode)) return byCode;
  const byStatus = `apiError.status.${error.status}`;
  if (isKey(byStatus)) return byStatus;
  return error.status >= 500 ? 'apiError.status.500' : 'apiError.status.400';
}
