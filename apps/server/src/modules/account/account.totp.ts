import { createHash, randomInt } from 'node:crypto';

// otplib and qrcode come with the first enrolment or code, not with every start.
const loadOtp = () => import('otplib');

/** RFC 6238 defaults (SHA-1, 6 digits, 30 s): what every authenticator app reads from the QR code. */
export const TOTP_PERIOD_SECONDS = 30;

export const newTotpSecret = async (): Promise<string> => (await loadOtp()).generateSecret();

export async function enrolmentOf(secret: string, issuer: string, account: string) {
  const [{ generateURI }, { default: QRCode }] = await Promise.all([loadOtp(), import('qrcode')]);
  const otpauthUrl = generateURI({ issuer, label: account, secret });
  return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
}

/**
 * Checks a code against the secret, one step either side for clock drift, and answers its time
 * step; a step not after `lastStep` is refused, so a code (even an overheard one) works once.
 */
export async function acceptTotp(
  secret: string,
  code: string,
  lastStep: number | null,
  now: Date,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const epoch = Math.floor(now.getTime() / 1000);
  const { verify } = await loadOtp();
  const result = await verify({ secret, token: code, epoch, epochTolerance: TOTP_PERIOD_SECONDS });
  if (!result.valid) return null;
  const step = 'timeStep' in result ? result.timeStep : Math.floor(epoch / TOTP_PERIOD_SECONDS);
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

/** Ten codes like `k7m2-p9xq-4t`, 10 random characters each (~49 bits). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** Codes are compared by hash, ignoring case, spaces and dashes. */
export const hashRecoveryCode = (code: string): string =>
  createHash('sha256')
    .update(`recovery:${code.toLowerCase().replace(/[\s-]/g, '')}`)
    .digest('hex');
