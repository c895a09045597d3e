import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  /** Size of the whole object. */
  size: number;
}

/**
 * Where attachment bytes live: local disk (embedded) or any S3-compatible store. Bodies are
 * streams both ways, so no file is ever held in memory whole.
 */
export interface ObjectStorage {
  readonly kind: 'fs' | 's3';
  /** Stores the stream under `key`; resolves with the byte count once it is durable. */
  put(key: string, body: Readable, contentType: string): Promise<{ size: number }>;
  /** The object, or a byte range of it (inclusive `end`, as in HTTP Range). */
  get(key: string, range?: { start: number; end: number }): Promise<StoredObject>;
  head(key: string): Promise<{ size: number } | null>;
  delete(key: string): Promise<void>;
  /** A short-lived URL the browser can fetch directly; S3 only. */
  signedUrl?(
    key: string,
    options: { expiresInSeconds: number; fileName: string; contentType: string; inline: boolean },
  ): Promise<string>;
  /** Verifies the store is usable (and creates the bucket when allowed). */
  check(): Promise<void>;
}
