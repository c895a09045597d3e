import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessTokens } from './tokens';

describe('access tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies a token again from memory until it expires, and never after', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T00:00:00Z'));
    const tokens = accessTokens('secret-a', 60);
    const token = await tokens.sign('user-1');
    expect(await tokens.verify(token)).toBe('user-1');
    expect(await tokens.verify(token)).toBe('user-1');
    vi.setSystemTime(new Date('2026-11-30T00:00:59Z'));
    expect(await tokens.verify(token)).toBe('user-1');
    vi.setSystemTime(new Date('2026-11-30T00:01:01Z'));
    expect(await tokens.verify(token)).toBeNull();
    expect(await tokens.verify(token)).toBeNull();
  });

  it('refuses tampered tokens and tokens of another secret, even after the real one was verified', async () => {
    const tokens = accessTokens('secret-a', 60);
    const token = await tokens.sign('user-1');
    expect(await tokens.verify(token)).toBe('user-1');
    const [header, payload, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ typ: 'access', sub: 'user-2', exp: 4102444800 })).toString(
      'base64url',
    );
    expect(await tokens.verify(`${header}.${otherPayload}.${signature}`)).toBeNull();
    expect(await tokens.verify(`${token}x`)).toBeNull();
    expect(await accessTokens('secret-b', 60).verify(token)).toBeNull();
    expect(payload).toBeTruthy();
  });
});
