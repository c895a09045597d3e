import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessTokens, downloadTokens } from './tokens';

const USER_1 = '0b0f7c8e-3a51-4c39-9d8e-1f2a3b4c5d61';
const USER_2 = '0b0f7c8e-3a51-4c39-9d8e-1f2a3b4c5d62';
const FILE = '6f1d2c3b-4a59-4e8f-8d7c-6b5a4f3e2d1c';

describe('access tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies a token again from memory until it expires, and never after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T00:00:00Z'));
    const tokens = accessTokens('secret-a', 60);
    const token = await tokens.sign(USER_1);
    expect(await tokens.verify(token)).toBe(USER_1);
    expect(await tokens.verify(token)).toBe(USER_1);
    vi.setSystemTime(new Date('2026-11-30T00:00:59Z'));
    expect(await tokens.verify(token)).toBe(USER_1);
    vi.setSystemTime(new Date('2026-11-30T00:01:01Z'));
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses tampered tokens and tokens of another secret, even after the real one was verified', async () => {
    const tokens = accessTokens('secret-a', 60);
    const token = await tokens.sign(USER_1);
    expect(await tokens.verify(token)).toBe(USER_1);
    const [header, payload, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ typ: 'access', sub: USER_2, exp: 4102444800 })).toString(
      'base64url',
    );
    expect(await tokens.verify(`${header}.${otherPayload}.${signature}`)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    expect(await accessTokens('secret-b', 60).verify(token)).toBeNull();
    expect(payload).toBeTruthy();
  });

  it('refuses a validly signed token whose subject is not a user id (uuid)', async () => {
    const tokens = accessTokens('secret-a', 60);
    for (const sub of ['not-a-uuid', '', "1' or '1'='1", '0b0f7c8e-3a51-4c39-9d8e-1f2a3b4c5d6']) {
      expect(await tokens.verify(await tokens.sign(sub))).toBeNull();
    }
    const links = downloadTokens('secret-a');
    expect(await links.verify(await links.sign('not-a-uuid', FILE), FILE)).toBeNull();
    expect(await links.verify(await links.sign(USER_1, FILE), FILE)).toBe(USER_1);
  });
});
