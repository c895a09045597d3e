import type { HttpMethod } from '@bantu/contracts';
import { fetchOrThrow, toApiError } from './errors';
import { baseHeaders, refreshSession } from './session';

export type { HttpMethod };
export type QueryValue = string | number | boolean | null | undefined;

export interface SendOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** For the auth endpoints themselves: a 401 there must not trigger a refresh. */
  skipRefresh?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Sends a request with the session's headers; on a 401 refreshes the access token once and retries. */
export async function send(method: HttpMethod, path: string, options: SendOptions): Promise<Response> {
  const url = buildUrl(path, options.query);
  const doSend = () => {
    const headers = baseHeaders();
    let body: string | undefined;
    if (options.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(options.body);
    }
    return fetchOrThrow(url, { method, headers, body, signal: options.signal });
  };
  const res = await doSend();
  if (res.status !== 401 || options.skipRefresh) return res;
  // The access token expired (or there was none yet): refresh once, then retry once.
  const user = await refreshSession();
  return user ? doSend() : res;
}

/** A JSON request: the answer's status and parsed body (undefined for 204); a failure throws ApiError. */
export async function request(
  method: HttpMethod,
  path: string,
  options: SendOptions = {},
): Promise<{ status: number; data: unknown }> {
  const res = await send(method, path, options);
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return { status: res.status, data: undefined };
  return { status: res.status, data: (await res.json()) as unknown };
}
