import { notifications } from '@mantine/notifications';
import { i18n } from '@/i18n';
import { isApiError } from '@/lib/http';
import type { ApiError } from '@/lib/http';

/** A short, translated title for a failed request, chosen by its stable code. */
export function problemTitle(error: ApiError): string {
  return i18n.t(`errors.codes.${error.code}`);
}

/** The most specific text a failed request offers: the server's detail, else a translated one. */
export function problemMessage(error: unknown): string {
  if (!isApiError(error)) return i18n.t('errors.unexpected');
  if (error.code === 'NETWORK') return i18n.t('errors.network');
  if (error.status >= 500) return i18n.t('errors.server');
  return error.detail ?? error.title;
}

export function notifyProblem(error: unknown, hint?: string): void {
  notifications.show({
    color: 'red',
    title: isApiError(error) ? problemTitle(error) : i18n.t('errors.title'),
    message: hint ? `${problemMessage(error)} ${hint}` : problemMessage(error),
    autoClose: 8000,
  });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'teal', message, autoClose: 4000 });
}
