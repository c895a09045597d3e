import { endpoints } from '@bantu/contracts';
import type { LoginChallengeResponse, LoginResponse, UserResponse } from '@bantu/contracts';
import type { z } from 'zod';
import { api } from './client';
import { conform } from './conform';
import { setSession } from './session';
import { request } from './transport';

/** What a sign-in step answers: the session (set here), or the next step's challenge. */
export type SignInOutcome = { user: UserResponse } | LoginChallengeResponse;

/** The sign-in steps that answer a session or the next step's challenge. */
type SignInStep = typeof endpoints.login | typeof endpoints.loginTotp | typeof endpoints.loginPasswordChange;

/**
 * Password sign-in that may need another step (second factor, required enrolment, forced
 * password change): a challenge is answered instead of a session.
 */
export async function signIn<E extends SignInStep>(endpoint: E, body: z.input<E['body']>): Promise<SignInOutcome> {
  const { method, path } = endpoint;
  const { data } = await request(method, path, { body, skipRefresh: true });
  const answer = conform(endpoint.response[200], data, `${method} ${path}`);
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
