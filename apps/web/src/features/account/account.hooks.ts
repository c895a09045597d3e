import type { LoginChallengeResponse } from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, signIn, endpoints } from '@/lib/http';

export const twoFactorKey = ['account', '2fa'] as const;
export type Challenge = LoginChallengeResponse['challenge'];

export function useTwoFactorStatus() {
  return useQuery({
    queryKey: twoFactorKey,
    queryFn: () => api(endpoints.getTwoFactor),
  });
}

export function useTotpSetup() {
  return useMutation({
    mutationFn: () => api(endpoints.setupTotp, { body: {} }),
  });
}

export function useTotpEnable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api(endpoints.enableTotp, { body: { code } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useTotpDisable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { password: string; code: string }) => api(endpoints.disableTotp, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api(endpoints.regenerateRecoveryCodes, { body: { code } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useSignOutEverywhere() {
  return useMutation({ mutationFn: () => api(endpoints.logoutEverywhere) });
}

/** The password step of sign-in; a challenge comes back when another step is due. */
export function useSignIn() {
  return useMutation({ mutationFn: (body: { email: string; password: string }) => signIn(endpoints.login, body) });
}

export function useSecondFactorStep() {
  return useMutation({
    mutationFn: (body: { token: string; code?: string; recoveryCode?: string }) => signIn(endpoints.loginTotp, body),
  });
}

export function usePasswordChangeStep() {
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) => signIn(endpoints.loginPasswordChange, body),
  });
}

export function useEnrolStart(token: string) {
  return useQuery({
    queryKey: ['account', 'enrol', token],
    queryFn: () => api(endpoints.loginEnrol, { body: { token }, skipRefresh: true }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function useEnrolConfirm() {
  return useMutation({
    mutationFn: (body: { token: string; code: string }) =>
      api(endpoints.loginEnrolConfirm, { body, skipRefresh: true }),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (body: { email: string; locale?: 'id' | 'en' }) =>
      api(endpoints.forgotPassword, { body, skipRefresh: true }),
  });
}

export function useAccountToken(token: string) {
  return useQuery({
    queryKey: ['account', 'token', token],
    queryFn: () => api(endpoints.accountTokenInfo, { body: { token }, skipRefresh: true }),
    enabled: token.length >= 20,
    retry: false,
    staleTime: Infinity,
  });
}

export function useSetPasswordWithToken(purpose: 'reset' | 'invite') {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      api(purpose === 'reset' ? endpoints.resetPassword : endpoints.acceptInvitation, { body, skipRefresh: true }),
  });
}
