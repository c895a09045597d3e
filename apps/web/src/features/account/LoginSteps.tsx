import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { acceptSession, type SignInOutcome } from '@/lib/http';
import { problemMessage } from '@/ui/notify';
import {
  useEnrolConfirm,
  useEnrolStart,
  usePasswordChangeStep,
  useSecondFactorStep,
  type Challenge,
} from './account.hooks';
import { RecoveryCodesList } from './RecoveryCodesList';
import { TotpEnrolmentView } from './TotpEnrolmentView';

export interface LoginStepsProps {
  challenge: Challenge;
  /** Another step came back (e.g. the second factor after a forced password change). */
  onChallenge: (next: Challenge) => void;
  /** Back to the password form (the challenge expired). */
  onRestart: () => void;
}

function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
      {problemMessage(error)}
    </Alert>
  );
}

/** The sign-in steps after a correct password; a finished step sets the session (the route redirects). */
export function LoginSteps({ challenge, onChallenge, onRestart }: LoginStepsProps) {
  const { t } = useTranslation();
  const next = (outcome: SignInOutcome) => {
    if ('challenge' in outcome) onChallenge(outcome.challenge);
  };
  const back = (
    <Anchor component="button" type="button" size="sm" onClick={onRestart}>
      {t('account.backToSignIn')}
    </Anchor>
  );
  if (challenge.step === 'totp') return <TotpStep token={challenge.token} onOutcome={next} back={back} />;
  if (challenge.step === 'enrol') return <EnrolStep token={challenge.token} back={back} />;
  return <PasswordChangeStep token={challenge.token} onOutcome={next} back={back} />;
}

function TotpStep({
  token,
  onOutcome,
  back,
}: {
  token: string;
  onOutcome: (o: SignInOutcome) => void;
  back: React.ReactNode;
}) {
  const { t } = useTranslation();
  const step = useSecondFactorStep();
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState('');
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body = useRecovery ? { token, recoveryCode: value.trim() } : { token, code: value.trim() };
    step.mutate(body, { onSuccess: onOutcome });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('account.totpTitle')}
        </Title>
        <Text size="sm">{useRecovery ? t('account.recoveryPrompt') : t('account.totpPrompt')}</Text>
        <ErrorAlert error={step.error} />
        <TextInput
          label={useRecovery ? t('account.recoveryCode') : t('account.code')}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          autoComplete="one-time-code"
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoFocus
          required
        />
        <Button type="submit" fullWidth loading={step.isPending}>
          {t('account.verify')}
        </Button>
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => {
            setUseRecovery((v) => !v);
            setValue('');
            step.reset();
          }}
        >
          {useRecovery ? t('account.useCode') : t('account.useRecoveryCode')}
        </Anchor>
        {back}
      </Stack>
    </form>
  );
}

function EnrolStep({ token, back }: { token: string; back: React.ReactNode }) {
  const { t } = useTranslation();
  const enrolment = useEnrolStart(token);
  const confirm = useEnrolConfirm();
  const [code, setCode] = useState('');
  if (confirm.data) {
    const { recoveryCodes, ...session } = confirm.data;
    return (
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('account.recoveryCodesTitle')}
        </Title>
        <RecoveryCodesList codes={recoveryCodes} />
        <Button fullWidth onClick={() => acceptSession(session)}>
          {t('account.continue')}
        </Button>
      </Stack>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate({ token, code: code.trim() });
      }}
      noValidate
    >
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('account.enrolRequiredTitle')}
        </Title>
        <Text size="sm">{t('account.enrolRequired')}</Text>
        <ErrorAlert error={enrolment.error ?? confirm.error} />
        {enrolment.data ? <TotpEnrolmentView enrolment={enrolment.data} /> : null}
        <TextInput
          label={t('account.code')}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
        />
        <Button type="submit" fullWidth loading={confirm.isPending} disabled={!enrolment.data}>
          {t('account.enable')}
        </Button>
        {back}
      </Stack>
    </form>
  );
}

function PasswordChangeStep({
  token,
  onOutcome,
  back,
}: {
  token: string;
  onOutcome: (o: SignInOutcome) => void;
  back: React.ReactNode;
}) {
  const { t } = useTranslation();
  const step = usePasswordChangeStep();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && repeat !== password;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!mismatch) step.mutate({ token, newPassword: password }, { onSuccess: onOutcome });
      }}
      noValidate
    >
      <Stack gap="md">
        <Title order={2} size="h4">
          {t('account.mustChangeTitle')}
        </Title>
        <Text size="sm">{t('account.mustChange')}</Text>
        <ErrorAlert error={step.error} />
        <PasswordInput
          label={t('account.newPassword')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          autoComplete="new-password"
          required
        />
        <PasswordInput
          label={t('account.repeatPassword')}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
          autoComplete="new-password"
          error={mismatch ? t('account.passwordsDiffer') : undefined}
          required
        />
        <Button type="submit" fullWidth loading={step.isPending}>
          {t('account.savePassword')}
        </Button>
        {back}
      </Stack>
    </form>
  );
}
