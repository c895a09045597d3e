import type { Config } from '@/config';
import { fsStorage } from './fs-storage';
import type { ObjectStorage } from './object-storage';
import type { S3Options } from './s3-storage';

/**
 * S3-compatible storage whose SDK loads on first use: the AWS SDK was ~100 ms of every start,
 * also in the embedded shape, which stores files on disk.
 */
function lazyS3Storage(options: S3Options): ObjectStorage {
  let loading: Promise<Required<ObjectStorage>> | null = null;
  const storage = () => (loading ??= import('./s3-storage').then((m) => m.s3Storage(options)));
  return {
    kind: 's3',
    put: async (key, body, contentType) => (await storage()).put(key, body, contentType),
    get: async (key, range) => (await storage()).get(key, range),
    head: async (key) => (await storage()).head(key),
    delete: async (key) => (await storage()).delete(key),
    signedUrl: async (key, signing) => (await storage()).signedUrl(key, signing),
    check: async () => (await storage()).check(),
  };
}

export function storageFromConfig(storage: Config['storage']): ObjectStorage {
  return storage.kind === 's3' ? lazyS3Storage(storage) : fsStorage(storage.root);
}
