import { ERROR_CODES, LoginChallengeResponse, LoginResponse, Problem } from '@bantu/contracts';
import type { ErrorCode, FieldError, LoginRequest, UserResponse } from '@bantu/contracts';
import { z } from 'zod';

/** Codes a request can fail with: the server's closed set, plus NETWORK when no answer came. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

/** A failed API call, parsed from the server's RFC 9457 problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: readonly FieldError[];
  readonly requestId: string | undefined;
  /** From the Retry-After header (seconds), on 429 and 503 answers. */
  readonly retryAfterSeconds: number | null;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    title: string;
    detail?: string | undefined;
    fieldErrors?: readonly FieldError[];
    requestId?: string | undefined;
    retryAfterSeconds?: number | null;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }

  /** Field errors keyed by form path: the server's `body.email` becomes `email`. */
  fieldErrorMap(): Record<string, string> {
    const map: Record<string, string> = {};
    for (const { field, message } of this.fieldErrors) {
      const path = field.replace(/^(body|query|params)\.?/, '');
      if (path && map[path] === undefined) map[path] = message;
    }
    return map;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'NOT_READY';
    default:
      return 'INTERNAL';
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function toApiError(res: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(res.headers.get('Retry-After'));
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (e.g. a proxy's HTML error page): fall back to the status
  }
  const problem = Problem.safeParse(body);
  if (problem.success) {
    return new ApiError({
      status: res.status,
      code: problem.data.code,
      title: problem.data.title,
      detail: problem.data.detail,
      fieldErrors: problem.data.errors,
      requestId: problem.data.requestId,
      retryAfterSeconds,
    });
  }
  // A problem whose code is outside the contract still carries a useful title/detail.
  const loose = body as Partial<Record<'title' | 'detail' | 'code', unknown>> | null;
  const code = typeof loose?.code === 'string' && (ERROR_CODES as readonly string[]).includes(loose.code);
  return new ApiError({
    status: res.status,
    code: code ? (loose?.code as ErrorCode) : codeForStatus(res.status),
    title: typeof loose?.title === 'string' ? loose.title : res.statusText || `HTTP ${res.status}`,
    detail: typeof loose?.detail === 'string' ? loose.detail : undefined,
    retryAfterSeconds,
  });
}

// ---------------------------------------------------------------------------------------------
// Session: the access token lives in this module's memory only, never in storage.

let accessToken: string | null = null;
let requestLanguage: string | null = null;
type SessionListener = (user: UserResponse | null) => void;
const sessionListeners = new Set<SessionListener>();

function setSession(session: LoginResponse | null): void {
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

function baseHeaders(): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  if (requestLanguage) headers.set('Accept-Language', requestLanguage);
  if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`);
  return headers;
}

async function fetchOrThrow(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, { credentials: 'same-origin', ...init });
  } catch (cause) {
    // A cancelled request (TanStack Query aborts what nobody waits for) is not a network failure.
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      title: cause instanceof Error ? cause.message : 'Network error',
    });
  }
}

let refreshInFlight: Promise<UserResponse | null> | null = null;

async function doRefresh(): Promise<UserResponse | null> {
  const res = await fetchOrThrow('/api/auth/refresh', { method: 'POST', headers: baseHeaders() });
  if (res.status === 401 || res.status === 403) {
    setSession(null);
    return null;
  }
  if (!res.ok) throw await toApiError(res);
  const session = conform(LoginResponse, (await res.json()) as unknown, 'POST /api/auth/refresh');
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

export async function login(credentials: LoginRequest): Promise<UserResponse> {
  const session = await requestJson('POST', '/api/auth/login', {
    body: credentials,
    schema: LoginResponse,
    skipRefresh: true,
  });
  setSession(session);
  return session.user;
}

/** What a sign-in step answers: the session (set here), or the next step's challenge. */
export type SignInOutcome = { user: UserResponse } | LoginChallengeResponse;

const SignInAnswer = z.union([LoginResponse, LoginChallengeResponse]);

/**
 * Password sign-in that may need another step (second factor, required enrolment, forced
 * password change): a challenge is answered instead of a session.
 */
export async function signIn(path: string, body: unknown): Promise<SignInOutcome> {
  const answer = await requestJson('POST', path, { body, schema: SignInAnswer, skipRefresh: true });
  if ('challenge' in answer) return answer;
  setSession(answer);
  return { user: answer.user };
}

/** Starts a session the caller received itself (enrolment shows recovery codes first). */
export function acceptSession(session: LoginResponse): void {
  setSession(session);
}

/** Revokes the refresh cookie on the server (refreshing first if the access token expired). */
/**
 * Ends the session (the SSO route also ends local sessions); when the session came from an
 * identity provider that offers sign-out, the browser goes there next.
 */
export async function logout(): Promise<void> {
  let redirectUrl: string | null = null;
  try {
    ({ redirectUrl } = await requestJson<{ redirectUrl: string | null }>('POST', '/api/auth/sso/logout'));
  } finally {
    setSession(null);
  }
  if (redirectUrl) window.location.assign(redirectUrl);
}

// ---------------------------------------------------------------------------------------------
// Requests

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<T = unknown> {
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Validates the JSON answer against the contract (development builds warn on drift). */
  schema?: z.ZodType<T>;
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

async function send(method: HttpMethod, path: string, options: RequestOptions<unknown>): Promise<Response> {
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

async function request(method: HttpMethod, path: string, options: RequestOptions<unknown> = {}): Promise<unknown> {
  const res = await send(method, path, options);
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined;
  return (await res.json()) as unknown;
}

/** A JSON request; the answer is typed by the contract schema when one is given. */
export async function requestJson<T>(method: HttpMethod, path: string, options: RequestOptions<T> = {}): Promise<T> {
  const data = await request(method, path, options);
  return options.schema ? conform(options.schema, data, `${method} ${path}`) : (data as T);
}

/**
 * Checks an answer against its contract. A mismatch is reported in the console but does not
 * break the screen: the server is the source of truth for its own answers.
 */
function conform<T>(schema: z.ZodType<T>, data: unknown, label: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  console.warn(`The answer of ${label} does not match the contract`, parsed.error.issues);
  return data as T;
}

/** A request answered with 204 No Content. */
export async function requestNoContent(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<void> {
  await request(method, path, options);
}

// ---------------------------------------------------------------------------------------------
// Uploads: XMLHttpRequest, because fetch cannot report upload progress.

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Bytes to send; 0 when the browser cannot tell. */
  total: number;
}

export interface UploadOptions<T> {
  /** Validates the JSON answer against the contract. */
  schema?: z.ZodType<T>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

function sendForm(url: string, form: FormData, options: UploadOptions<unknown>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    baseHeaders().forEach((value, key) => xhr.setRequestHeader(key, value));
    xhr.upload.onprogress = (event) =>
      options.onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0 });
    xhr.onload = () => {
      if (xhr.status < 200) {
        reject(new ApiError({ status: 0, code: 'NETWORK', title: 'Network error' }));
        return;
      }
      const headers = new Headers();
      for (const line of xhr
        .getAllResponseHeaders()
        .trim()
        .split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      const body = xhr.status === 204 || xhr.responseText === '' ? null : xhr.responseText;
      resolve(new Response(body, { status: xhr.status, statusText: xhr.statusText, headers }));
    };
    // A server that refuses a large body early may close the connection before answering.
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'NETWORK', title: 'Network error' }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    if (options.signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/**
 * Posts multipart/form-data with the bearer header, reporting upload progress. Like every other
 * request, an expired access token is refreshed once and the upload sent again.
 */
export async function uploadWithProgress<T>(path: string, form: FormData, options: UploadOptions<T> = {}): Promise<T> {
  let res = await sendForm(path, form, options);
  if (res.status === 401) {
    const user = await refreshSession();
    if (user) res = await sendForm(path, form, options);
  }
  if (!res.ok) throw await toApiError(res);
  const data = (await res.json()) as unknown;
  return options.schema ? conform(options.schema, data, `POST ${path}`) : (data as T);
}

// ---------------------------------------------------------------------------------------------
// Downloads: fetch + a stream reader, so that a long export can show how far it got.

export interface DownloadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** From Content-Length; 0 while the server streams without announcing a size. */
  total: number;
}

export interface DownloadOptions {
  query?: Record<string, QueryValue>;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export type DownloadedFile =
  | {
      kind: 'file';
      blob: Blob;
      /** From Content-Disposition, when the server named the file. */
      filename: string | null;
    }
  | {
      /** 202 Accepted: too big for one request; the server makes the file in the background. */
      kind: 'queued';
      message: string | null;
    };

/** The file name of a Content-Disposition header (RFC 6266: `filename*` wins over `filename`). */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header)?.[1]?.trim();
  if (extended) {
    const value = extended.replace(/^"(.*)"$/, '$1');
    const at = value.indexOf("''");
    try {
      return decodeURIComponent(at >= 0 ? value.slice(at + 2) : value);
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  return name ? name : null;
}

/**
 * GETs a file with the bearer header, reading the body chunk by chunk to report progress, and
 * returns it as a Blob. Refreshes an expired access token once, like every other request.
 */
export async function downloadWithProgress(path: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const res = await send('GET', path, { query: options.query, signal: options.signal });
  if (!res.ok) throw await toApiError(res);
  if (res.status === 202) {
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    return { kind: 'queued', message: typeof body?.message === 'string' ? body.message : null };
  }
  const lengthHeader = Number(res.headers.get('Content-Length'));
  // A compressed answer's Content-Length counts the compressed bytes, not what the reader gets.
  const encoded = (res.headers.get('Content-Encoding') ?? 'identity') !== 'identity';
  const total = Number.isFinite(lengthHeader) && lengthHeader > 0 && !encoded ? lengthHeader : 0;
  const type = res.headers.get('Content-Type') ?? 'application/octet-stream';
  const filename = filenameFromDisposition(res.headers.get('Content-Disposition'));
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let loaded = 0;
  options.onProgress?.({ loaded, total });
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      options.onProgress?.({ loaded, total });
    }
  }
  return { kind: 'file', blob: new Blob(chunks, { type }), filename };
}

/** Hands a downloaded Blob to the browser as a file, through a temporary object-URL link. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start reading the URL only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
