import type { LoginResponse, UserResponse } from '@bantu/contracts';
import { checkAnswer } from './conform';
import { endpoints } from './endpoints';
import { fetchOrThrow, toApiError } from './errors';

// The session: the access token lives in this module's memory only, never in storage.

let accessToken: string | null = null;
let requestLanguage: string | null = null;
type SessionListener = (user: UserResponse | null) => void;
const sessionListeners = new Set<SessionListener>();

export function setSession(session: LoginResponse | null): void {
  accessToken = session?.accessToken ?? null;
  const user = session?.user ?? null;
  for (const listener of sessionListeners) listener(user);
}

/** Called with the new user after a refresh or sign-in, and with null when the session ends. */
export function onSessionChange(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** The current access token (it changes on every refresh), e.g. to open the live-updates socket. */
export function getAccessToken(): string | null {
  return accessToken;
}

/** Sent as Accept-Language so that server messages come in the interface language. */
export function setRequestLanguage(language: string): void {
  requestLanguage = language;
}

/** Accept, Accept-Language and the bearer token, as every request sends them. */
export function baseHeaders(): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  if (requestLanguage) headers.set('Accept-Language', requestLanguage);
  if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
  return headers;
}

let refreshInFlight: Promise<UserResponse | null> | null = null;

async function doRefresh(): Promise<UserResponse | null> {
  const { method, path } = endpoints.refreshSession;
  const res = await fetchOrThrow(path, { method, headers: baseHeaders() });
  if (res.status === 401 || res.status === 403) {
    setSession(null);
    return null;
  }
  if (!res.ok) throw await toApiError(res);
  const session = await checkAnswer<LoginResponse>(endpoints.refreshSession, res.status, await res.json());
  setSession(session);
  return session.user;
}

/**
 * Exchanges the refresh cookie for a new access token. Only one refresh runs at a time: every
 * caller shares the promise. Resolves to null when there is no valid session.
 */
export function refreshSession(): Promise<UserResponse | null> {
  refreshInFlight ??= doRefresh().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}
