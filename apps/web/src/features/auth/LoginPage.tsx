import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconLifebuoy } from '@tabler/icons-react';
import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { Link } from '@/lib/router';
import { problemMessage } from '@/ui/notify';
import { validateLogin } from './loginForm';
import { useSignIn, type Challenge } from '@/features/account/account.hooks';
import { LoginSteps } from '@/features/account/LoginSteps';
import { SsoButtons, SsoError } from '@/features/sso/SsoButtons';

type LoginField = 'email' | 'password';

export interface LoginPageProps {
  organizationName: string;
  /** The language switcher, rendered in the corner. */
  languageSwitcher: ReactNode;
}

function loginErrorText(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return problemMessage(error);
  if (error.code === 'INVALID_CREDENTIALS') return t('auth.invalidCredentials');
  if (error.code === 'PASSWORD_LOGIN_DISABLED') return t('sso.passwordOff');
  if (error.code === 'ACCOUNT_LOCKED' || error.code === 'RATE_LIMITED') {
    if (error.retryAfterSeconds === null) return t('auth.tooManyAttemptsLater');
    return t('auth.tooManyAttempts', { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
  }
  return problemMessage(error);
}

/**
 * The sign-in form. On success the session is set, and the login route redirects from there
 * (to the page that asked for sign-in, or the role's home area).
 */
export function LoginPage({ organizationName, languageSwitcher }: LoginPageProps) {
  const { t } = useTranslation();
  const loginMutation = useSignIn();
  // A correct password may lead to another step (second factor, enrolment, new password).
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  // Two fields of plain state (a form library would be 5 KB of the first load): checked on
  // submit, a field's message cleared as soon as it is edited.
  const [values, setValues] = useState<Record<LoginField, string>>({ email: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<LoginField, string>>>({});
  const field = (name: LoginField) => ({
    value: values[name],
    error: errors[name],
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [name]: value }));
      setErrors((current) => ({ ...current, [name]: undefined }));
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateLogin(values, t);
    setErrors({ email: found.email ?? undefined, password: found.password ?? undefined });
    if (found.email !== null || found.password !== null) return;
    loginMutation.mutate(values, {
      onSuccess: (outcome) => {
        if ('challenge' in outcome) setChallenge(outcome.challenge);
      },
    });
  };

  return (
    <Box mih="100dvh" bg="gray.0" p="md">
      <Group justify="flex-end">{languageSwitcher}</Group>
      <Center mih="calc(100dvh - 6rem)">
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={420}>
          <Stack gap="lg">
            <Stack gap={4} align="center">
              <IconLifebuoy size={40} stroke={1.5} color="var(--mantine-color-blue-6)" aria-hidden />
              <Title order={1} size="h2" ta="center">
                {organizationName}
              </Title>
              <Text c="dimmed" size="sm" ta="center">
                {t('auth.subtitle')}
              </Text>
            </Stack>
            <SsoError />
            {challenge ? null : <SsoButtons />}
            {challenge ? (
              <LoginSteps
                challenge={challenge}
                onChallenge={setChallenge}
                onRestart={() => {
                  setChallenge(null);
                  loginMutation.reset();
                }}
              />
            ) : (
              <form onSubmit={submit} noValidate>
                <Stack gap="md">
                  {loginMutation.isError ? (
                    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert">
                      {loginErrorText(loginMutation.error, t)}
                    </Alert>
                  ) : null}
                  <TextInput
                    label={t('auth.email')}
                    type="email"
                    autoComplete="username"
                    required
                    {...field('email')}
                  />
                  <PasswordInput
                    label={t('auth.password')}
                    autoComplete="current-password"
                    required
                    {...field('password')}
                  />
                  <Button type="submit" fullWidth loading={loginMutation.isPending}>
                    {t('auth.submit')}
                  </Button>
                  <Anchor component={Link} to="/account/forgot" size="sm" ta="center">
                    {t('account.forgotLink')}
                  </Anchor>
                </Stack>
              </form>
            )}
            <Text size="xs" c="dimmed" ta="center">
              {t('auth.help')}
            </Text>
          </Stack>
        </Paper>
      </Center>
    </Box>
  );
}
