import { Alert, Anchor, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from '@/lib/router';
import { currentLocale } from '@/i18n';
import { problemMessage } from '@/ui/notify';
import { useAccountToken, useForgotPassword, useSetPasswordWithToken } from './account.hooks';

function Shell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" bg="gray.0" p="md">
      <Center mih="calc(100dvh - 2rem)">
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={420}>
          <Stack gap="md">
            <Title order={1} size="h3">
              {title}
            </Title>
            {children}
            <Anchor component={Link} to="/login" size="sm">
              {t('account.backToSignIn')}
            </Anchor>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}

/** "Forgot password": always the same answer, whether the address has an account or not. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  return (
    <Shell title={t('account.forgotTitle')}>
      {forgot.isSuccess ? (
        <Alert color="green" variant="light" role="status">
          {t('account.forgotSent')}
        </Alert>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            forgot.mutate({ email: email.trim(), locale: currentLocale() === 'en' ? 'en' : 'id' });
          }}
        >
          <Stack gap="md">
            <Text size="sm">{t('account.forgotHint')}</Text>
            {forgot.isError ? <Alert color="red">{problemMessage(forgot.error)}</Alert> : null}
            <TextInput
              label={t('auth.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={forgot.isPending}>
              {t('account.sendLink')}
            </Button>
          </Stack>
        </form>
      )}
    </Shell>
  );
}

export interface SetPasswordPageProps {
  purpose: 'reset' | 'invite';
}

/** The page behind a reset or invitation link; the token is in the fragment (#...), never sent as a URL. */
export function SetPasswordPage({ purpose }: SetPasswordPageProps) {
  const { t } = useTranslation();
  const token = useLocation().hash.replace(/^#/, '');
  const info = useAccountToken(token);
  const save = useSetPasswordWithToken(purpose);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && repeat !== password;
  const title = purpose === 'reset' ? t('account.resetTitle') : t('account.inviteTitle');

  if (save.isSuccess) {
    return (
      <Shell title={title}>
        <Alert color="green" variant="light" role="status">
          {t('account.passwordSet')}
        </Alert>
      </Shell>
    );
  }
  if (info.isError || token.length < 20) {
    return (
      <Shell title={title}>
        <Alert color="red" variant="light" role="alert">
          {t('account.linkExpired')}
        </Alert>
        {purpose === 'reset' ? (
          <Anchor component={Link} to="/account/forgot" size="sm">
            {t('account.askNewLink')}
          </Anchor>
        ) : null}
      </Shell>
    );
  }
  return (
    <Shell title={title}>
      {info.data ? (
        <Text size="sm">{t('account.setPasswordFor', { name: info.data.name, email: info.data.email })}</Text>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!mismatch) save.mutate({ token, password });
        }}
      >
        <Stack gap="md">
          {save.isError ? <Alert color="red">{problemMessage(save.error)}</Alert> : null}
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
            error={mismatch ? t('account.passwordsDiffer') : undefined}
            autoComplete="new-password"
            required
          />
          <Button type="submit" loading={save.isPending} disabled={!info.data}>
            {t('account.savePassword')}
          </Button>
        </Stack>
      </form>
    </Shell>
  );
}

/** The link of a password-reset mail. */
export function ResetPasswordPage() {
  return <SetPasswordPage purpose="reset" />;
}

/** The link of an invitation mail. */
export function AcceptInvitationPage() {
  return <SetPasswordPage purpose="invite" />;
}
