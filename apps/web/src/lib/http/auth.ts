import type { LoginChallengeResponse, LoginResponse, UserResponse, endpoints as contract } from '@bantu/contracts';
import type { z } from 'zod';
import { api } from './client';
import { checkAnswer } from './conform';
import { endpoints, type ApiEndpoint } from './endpoints';
import { setSession } from './session';
import { request } from './transport';

/** What a sign-in step answers: the session (set here), or the next step's challenge. */
export type SignInOutcome = { user: UserResponse } | LoginChallengeResponse;

/** The sign-in steps that answer a session or the next step's challenge. */
type SignInStep = typeof contract.login | typeof contract.loginTotp | typeof contract.loginPasswordChange;

/**
 * Password sign-in that may need another step (second factor, required enrolment, forced
 * password change): a challenge is answered instead of a session.
 */
export async function signIn<E extends SignInStep>(
  endpoint: ApiEndpoint<E>,
  body: z.input<E['body']>,
): Promise<SignInOutcome> {
  const { status, data } = await request(endpoint.method, endpoint.path, { body, skipRefresh: true });
  const answer = await checkAnswer<z.output<E['response'][200]>>(endpoint, status, data);
  if ('challenge' in answer) return answer;
  setSession(answer);
  return { user: answer.user };
}

/** Starts a session the caller received itself (enrolment shows recovery codes first). */
export function acceptSession(session: LoginResponse): void {
  setSession(session);
}

/**
 * Ends the session (the SSO route also ends local sessions); when the session came from an
 * identity provider that offers sign-out, the browser goes there next.
 */
export async function logout(): Promise<void> {
  let redirectUrl: string | null = null;
  try {
    ({ redirectUrl } = await api(endpoints.ssoLogout));
  } finally {
    setSession(null);
  }
  if (redirectUrl) window.location.assign(redirectUrl);
}
