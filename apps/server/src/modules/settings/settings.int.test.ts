import { DEFAULT_SETTINGS } from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';

describe('settings', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: admin.headers, payload });

  it('starts from the defaults', async () => {
    expect((await api('GET', '/api/settings')).json()).toEqual(DEFAULT_SETTINGS);
  });

  it('changes only the fields sent and keeps them', async () => {
    const res = await api('PATCH', '/api/settings', {
      organizationName: 'PT Maju Jaya',
      ticketNumberPrefix: 'it',
      autoCloseDays: 5,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      organizationName: 'PT Maju Jaya',
      ticketNumberPrefix: 'IT',
      autoCloseDays: 5,
      timezone: 'Asia/Jakarta',
    });
    expect((await api('GET', '/api/settings')).json().ticketNumberPrefix).toBe('IT');
    const pub = await t.app.inject({ method: 'GET', url: '/api/settings/public' });
    expect(pub.json()).toMatchObject({
      organizationName: 'PT Maju Jaya',
      defaultLocale: 'id',
      uploadMaxBytes: 25 * 1024 * 1024,
    });
    expect(pub.json()).not.toHaveProperty('timezone');
  });

  it('refuses bad values field by field and changes nothing', async () => {
    const res = await api('PATCH', '/api/settings', {
      timezone: 'Mars/Olympus',
      autoCloseDays: -1,
      allowedUploadTypes: ['application/x-msdownload'],
      organizationName: 'Ok',
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.allowedUploadTypes.0', 'body.autoCloseDays', 'body.timezone']);
    expect((await api('GET', '/api/settings')).json().organizationName).toBe('PT Maju Jaya');
    expect((await api('PATCH', '/api/settings', {})).statusCode).toBe(400);
  });
});
