import { expect, it } from 'vitest';
import { runUploadBench } from './uploads';

// 100 MiB: were the server to buffer the file, its RSS would grow by more than the 64 MiB budget.
it('streams a 100 MiB upload and download without the server holding the file in memory', async () => {
  const result = await runUploadBench({ mb: 100, log: () => undefined });
  expect(result.growthUpload).toBeLessThan(64);
  expect(result.growthDownload).toBeLessThan(64);
}, 300_000);
