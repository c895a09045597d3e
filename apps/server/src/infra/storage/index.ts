import type { Config } from '@/config';
import { fsStorage } from './fs-storage';
import type { ObjectStorage } from './object-storage';
import { s3Storage } from './s3-storage';

export function storageFromConfig(storage: Config['storage']): ObjectStorage {
  return storage.kind === 's3' ? s3Storage(storage) : fsStorage(storage.root);
}
