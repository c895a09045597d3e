import type { UserResponse } from '@bantu/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { sessionKey, useSession } from '@/features/auth/auth.hooks';
import { settingsKeys, usePublicSettings } from '@/features/settings/settings.hooks';
import { i18n, rememberLocale, storedLocale, switchLanguage } from '@/i18n';
import { onSessionChange, setRequestLanguage } from '@/lib/http';

function applyLanguage(language: string): void {
  setRequestLanguage(language);
  document.documentElement.lang = language;
}
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/** Queries that are not tied to a user: the session itself and the public settings. */
function isPublicKey(key: readonly unknown[]): boolean {
  return key[0] === sessionKey[0] || (key[0] === settingsKeys.all[0] && key[1] === 'public');
}

/**
 * Keeps the cached session in step with the API client (refreshes, expiry, sign-out) and picks
 * the interface language: the signed-in user's saved choice, else this device's choice, else
 * the organisation's default.
 */
export function SessionSync() {
  const queryClient = useQueryClient();
  const { data: user } = useSession();
  const { data: publicSettings } = usePublicSettings();

  useEffect(
    () =>
      onSessionChange((next: UserResponse | null) => {
        // Signed out (or the session ended): nothing of that user may stay in the cache.
        if (!next) queryClient.removeQueries({ predicate: (query) => !isPublicKey(query.queryKey) });
        queryClient.setQueryData(sessionKey, next);
      }),
    [queryClient],
  );

  const userLocale = user?.locale;
  const defaultLocale = publicSettings?.defaultLocale;
  useEffect(() => {
    const locale = userLocale ?? storedLocale() ?? defaultLocale;
    if (!locale || locale === i18n.language) return;
    if (userLocale) rememberLocale(userLocale);
    void switchLanguage(locale);
  }, [userLocale, defaultLocale]);

  const organizationName = publicSettings?.organizationName;
  useEffect(() => {
    if (organizationName) document.title = organizationName;
  }, [organizationName]);

  return null;
}
