import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded shape with demo data', () => {
    const config = loadConfig({ DATA_DIR: '/srv/bantu' });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'pglite', dataDir: '/srv/bantu/db' },
      storage: { kind: 'fs', root: '/srv/bantu/files' },
      role: 'all',
      demo: true,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, without demo data unless asked', () => {
    const env = { DATABASE_URL: 'postgres://app@db:5432/bantu', APP_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env)).toMatchObject({ database: { kind: 'postgres', url: env.DATABASE_URL }, demo: false });
    expect(loadConfig({ ...env, DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
  });

  it('lists every bad variable in one error, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        ROLE: 'boss',
        DATABASE_URL: 'mysql://u:hunter2@db/x',
        STORAGE: 's3',
        APP_SECRET: 'short-secret',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'ROLE', 'DATABASE_URL', 'S3_BUCKET', 'S3_ACCESS_KEY', 'S3_SECRET_KEY', 'APP_SECRET']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short-secret');
  });

  it('requires APP_SECRET with DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/bantu' })).toThrow(/APP_SECRET/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });
});
