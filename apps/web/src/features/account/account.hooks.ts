import {
  AccountTokenInfo,
  LoginResponse,
  RecoveryCodes,
  TotpEnrolment,
  TwoFactorStatus,
  type LoginChallengeResponse,
} from '@bantu/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { requestJson, requestNoContent, signIn } from '@/lib/api';

export const twoFactorKey = ['account', '2fa'] as const;
export type Challenge = LoginChallengeResponse['challenge'];

export function useTwoFactorStatus() {
  return useQuery({
    queryKey: twoFactorKey,
    queryFn: () => requestJson('GET', '/api/account/2fa', { schema: TwoFactorStatus }),
  });
}

export function useTotpSetup() {
  return useMutation({
    mutationFn: () => requestJson('POST', '/api/account/2fa/setup', { body: {}, schema: TotpEnrolment }),
  });
}

export function useTotpEnable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      requestJson('POST', '/api/account/2fa/enable', { body: { code }, schema: RecoveryCodes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useTotpDisable() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { password: string; code: string }) =>
      requestNoContent('POST', '/api/account/2fa/disable', { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      requestJson('POST', '/api/account/2fa/recovery-codes', { body: { code }, schema: RecoveryCodes }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey }),
  });
}

export function useSignOutEverywhere() {
  return useMutation({ mutationFn: () => requestNoContent('POST', '/api/auth/logout-everywhere') });
}

/** The password step of sign-in; a challenge comes back when another step is due. */
export function useSignIn() {
  return useMutation({ mutationFn: (body: { email: string; password: string }) => signIn('/api/auth/login', body) });
}

export function useSecondFactorStep() {
  return useMutation({
    mutationFn: (body: { token: string; code?: string; recoveryCode?: string }) => signIn('/api/auth/login/2fa', body),
  });
}

export function usePasswordChangeStep() {
  return useMutation({
    mutationFn: (body: { token: string; newPassword: string }) => signIn('/api/auth/login/password', body),
  });
}

export function useEnrolStart(token: string) {
  return useQuery({
    queryKey: ['account', 'enrol', token],
    queryFn: () =>
      requestJson('POST', '/api/auth/login/enrol', { body: { token }, schema: TotpEnrolment, skipRefresh: true }),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
}

export function useEnrolConfirm() {
  return useMutation({
    mutationFn: (body: { token: string; code: string }) =>
      requestJson('POST', '/api/auth/login/enrol/confirm', {
        body,
        schema: LoginResponse.extend(RecoveryCodes.shape),
        skipRefresh: true,
      }),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (body: { email: string; locale?: 'id' | 'en' }) =>
      requestJson('POST', '/api/auth/forgot-password', { body, skipRefresh: true }),
  });
}

export function useAccountToken(token: string) {
  return useQuery({
    queryKey: ['account', 'token', token],
    queryFn: () =>
      requestJson('POST', '/api/auth/account-token', { body: { token }, schema: AccountTokenInfo, skipRefresh: true }),
    enabled: token.length >= 20,
    retry: false,
    staleTime: Infinity,
  });
}

export function useSetPasswordWithToken(purpose: 'reset' | 'invite') {
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      requestNoContent('POST', purpose === 'reset' ? '/api/auth/reset-password' : '/api/auth/accept-invitation', {
        body,
        skipRefresh: true,
      }),
  });
}
