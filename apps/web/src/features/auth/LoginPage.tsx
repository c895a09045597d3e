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
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconLifebuoy } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/http';
import { problemMessage } from '@/ui/notify';
import { validateLogin } from './loginForm';
import { useSignIn, type Challenge } from '@/features/account/account.hooks';
import { LoginSteps } from '@/features/account/LoginSteps';
import { SsoButtons, SsoError } from '@/features/sso/SsoButtons';

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
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: (values) => validateLogin(values, t),
  });

  const submit = form.onSubmit((values) => {
    loginMutation.mutate(values, {
      onSuccess: (outcome) => {
        if ('challenge' in outcome) setChallenge(outcome.challenge);
      },
    });
  });

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
                    {...form.getInputProps('email')}
                  />
                  <PasswordInput
                    label={t('auth.password')}
                    autoComplete="current-password"
                    required
                    {...form.getInputProps('password')}
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
