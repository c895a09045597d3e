import type { Route } from '@bantu/contracts';
import { pathFor, type ApiOutput, type PathParamNames } from './client';
import { checkAnswer } from './conform';
import type { ApiEndpoint } from './endpoints';
import { ApiError, toApiError } from './errors';
import { baseHeaders, refreshSession } from './session';
import { send, type QueryValue } from './transport';

// Uploads: XMLHttpRequest, because fetch cannot report upload progress.

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Bytes to send; 0 when the browser cannot tell. */
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

function sendForm(url: string, form: FormData, options: UploadOptions): Promise<Response> {
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
export async function uploadWithProgress<E extends ApiEndpoint>(
  endpoint: E,
  params: Record<PathParamNames<E['path']>, string>,
  form: FormData,
  options: UploadOptions = {},
): Promise<ApiOutput<E>> {
  const path = pathFor(endpoint, params);
  let res = await sendForm(path, form, options);
  if (res.status === 401) {
    const user = await refreshSession();
    if (user) res = await sendForm(path, form, options);
  }
  if (!res.ok) throw await toApiError(res);
  const data = (await res.json()) as unknown;
  return checkAnswer<ApiOutput<E>>(endpoint, res.status, data);
}

// Downloads: fetch + a stream reader, so that a long export can show how far it got.

export interface DownloadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** From Content-Length; 0 while the server streams without announcing a size. */
  total: number;
}

export interface DownloadOptions {
  /** The endpoint's path parameters, when the download is named by an endpoint. */
  params?: Record<string, string>;
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
export async function downloadWithProgress(
  target: Route | string,
  options: DownloadOptions = {},
): Promise<DownloadedFile> {
  // A string is a URL the server handed out (e.g. a finished export's download link).
  const path = typeof target === 'string' ? target : pathFor(target, options.params);
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
