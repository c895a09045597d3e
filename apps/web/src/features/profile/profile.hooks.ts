import type { Locale, PasswordChangeRequest, ProfileUpdateRequest } from '@bantu/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { rememberLocale, switchLanguage } from '@/i18n';
import { api, endpoints } from '@/lib/http';
import { notifyProblem } from '@/ui/notify';
import { sessionKey, useSession } from '@/features/auth/auth.hooks';

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ProfileUpdateRequest) => api(endpoints.updateMe, { body: changes }),
    onSuccess: (user) => {
      queryClient.setQueryData(sessionKey, user);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: PasswordChangeRequest) => api(endpoints.changePassword, { body }),
  });
}

/**
 * Switches the interface language. Signed in, the choice is saved to the profile (it then wins
 * on every device); signed out, it is remembered on this device.
 */
export function useSwitchLocale(): (locale: Locale) => void {
  const { data: user } = useSession();
  const updateProfile = useUpdateProfile();
  return (locale) => {
    rememberLocale(locale);
    void switchLanguage(locale);
    if (user && user.locale !== locale) {
      updateProfile.mutate({ locale }, { onError: (error) => notifyProblem(error) });
    }
  };
}
