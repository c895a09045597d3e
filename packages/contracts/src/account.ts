import { z } from 'zod';
import { Name } from './common';
import { Locale, Role } from './enums';
import { Email, Password, Phone } from './users';

/** What comes after a correct password when the sign-in is not complete yet. */
export const LoginStep = z.enum(['password_change', 'totp', 'enrol']);
export type LoginStep = z.infer<typeof LoginStep>;

export const LoginChallengeResponse = z.object({
  challenge: z.object({
    step: LoginStep.describe(
      'password_change: an admin reset the password, choose a new one; totp: send a code or a recovery code; ' +
        'enrol: your role requires a second factor, set it up now',
    ),
    token: z.string().describe('Short-lived; send it with the step (10 minutes)'),
  }),
});
export type LoginChallengeResponse = z.infer<typeof LoginChallengeResponse>;

export const TotpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Six digits');

export const LoginTotpRequest = z
  .object({
    token: z.string().min(1).max(2000),
    code: TotpCode.optional(),
    recoveryCode: z.string().trim().min(8).max(20).optional(),
  })
  .refine((v) => (v.code === undefined) !== (v.recoveryCode === undefined), {
    message: 'Send either a code or a recovery code',
    path: ['code'],
  });
export type LoginTotpRequest = z.infer<typeof LoginTotpRequest>;

export const LoginChallengeToken = z.object({ token: z.string().min(1).max(2000) });

export const LoginEnrolConfirmRequest = z.object({ token: z.string().min(1).max(2000), code: TotpCode });

export const LoginPasswordChangeRequest = z.object({ token: z.string().min(1).max(2000), newPassword: Password });

export const TotpEnrolment = z.object({
  secret: z.string().describe('Base32 secret, for typing into an authenticator app'),
  otpauthUrl: z.string(),
  qrDataUrl: z.string().describe('The otpauth URL as a QR code (data: URL, PNG)'),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

export const RecoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).describe('Shown once; each works once'),
});
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const TwoFactorStatus = z.object({
  enabled: z.boolean(),
  required: z.boolean().describe('Your role must use a second factor (setting require2faForPrivileged)'),
  recoveryCodesLeft: z.number().int(),
});
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;

export const TotpEnableRequest = z.object({ code: TotpCode });
export const TotpDisableRequest = z.object({ password: z.string().min(1).max(256), code: TotpCode });
export const RecoveryCodesRequest = z.object({ code: TotpCode });

export const ForgotPasswordRequest = z.object({
  email: z.string().trim().toLowerCase().min(3).max(254),
  locale: Locale.optional(),
});

export const AccountTokenRequest = z.object({ token: z.string().min(20).max(200), password: Password });

export const AccountTokenInfoRequest = z.object({ token: z.string().min(20).max(200) });
export const AccountTokenInfo = z.object({
  purpose: z.enum(['reset', 'invite']),
  email: z.string(),
  name: z.string(),
});

export const InvitationRequest = z.object({
  name: Name(120),
  email: Email,
  division: Name(120).nullable().optional(),
  role: Role.default('user'),
  phone: Phone.nullable().optional(),
  locale: Locale.optional(),
});
export type InvitationRequest = z.input<typeof InvitationRequest>;

export const AcceptedResponse = z.object({ message: z.string() });
