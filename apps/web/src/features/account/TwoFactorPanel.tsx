import type { TotpEnrolment } from '@bantu/contracts';
import { Badge, Button, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { logout } from '@/lib/http';
import { notifyProblem } from '@/ui/notify';
import {
  useRegenerateRecoveryCodes,
  useSignOutEverywhere,
  useTotpDisable,
  useTotpEnable,
  useTotpSetup,
  useTwoFactorStatus,
} from './account.hooks';
import { RecoveryCodesList } from './RecoveryCodesList';
import { TotpEnrolmentView } from './TotpEnrolmentView';

/** The profile's security section: the second factor and "sign out everywhere". */
export function TwoFactorPanel() {
  const { t } = useTranslation();
  const status = useTwoFactorStatus();
  const setup = useTotpSetup();
  const enable = useTotpEnable();
  const disable = useTotpDisable();
  const regenerate = useRegenerateRecoveryCodes();
  const everywhere = useSignOutEverywhere();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');

  const enabled = status.data?.enabled ?? false;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('account.twoFactorTitle')}
        </Title>
        {status.data ? (
          <Badge color={enabled ? 'green' : 'gray'} variant="light" data-testid="2fa-status">
            {enabled ? t('account.on') : t('account.off')}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm">{t('account.twoFactorHint')}</Text>
      {status.data?.required && !enabled ? (
        <Text size="sm" c="orange">
          {t('account.requiredForRole')}
        </Text>
      ) : null}
      {codes ? <RecoveryCodesList codes={codes} /> : null}
      {!enabled && !enrolment ? (
        <Button
          variant="light"
          loading={setup.isPending}
          onClick={() => setup.mutate(undefined, { onSuccess: setEnrolment, onError: (error) => notifyProblem(error) })}
        >
          {t('account.setUp')}
        </Button>
      ) : null}
      {!enabled && enrolment ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            enable.mutate(code.trim(), {
              onSuccess: (r) => {
                setCodes(r.recoveryCodes);
                setEnrolment(null);
                setCode('');
              },
              onError: (error) => notifyProblem(error),
            });
          }}
        >
          <Stack gap="sm">
            <TotpEnrolmentView enrolment={enrolment} />
            <TextInput
              label={t('account.code')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={enable.isPending}>
              {t('account.enable')}
            </Button>
          </Stack>
        </form>
      ) : null}
      {enabled ? (
        <Stack gap="sm">
          <Text size="sm">{t('account.recoveryCodesLeft', { count: status.data?.recoveryCodesLeft ?? 0 })}</Text>
          <TextInput label={t('account.code')} value={code} onChange={(e) => setCode(e.currentTarget.value)} />
          <Group>
            <Button
              variant="light"
              loading={regenerate.isPending}
              onClick={() =>
                regenerate.mutate(code.trim(), {
                  onSuccess: (r) => {
                    setCodes(r.recoveryCodes);
                    setCode('');
                  },
                  onError: (error) => notifyProblem(error),
                })
              }
            >
              {t('account.newRecoveryCodes')}
            </Button>
          </Group>
          {status.data?.required ? null : (
            <>
              <PasswordInput
                label={t('account.currentPassword')}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button
                color="red"
                variant="light"
                loading={disable.isPending}
                onClick={() =>
                  disable.mutate(
                    { password, code: code.trim() },
                    {
                      onSuccess: () => {
                        setCodes(null);
                        setCode('');
                        setPassword('');
                      },
                      onError: (error) => notifyProblem(error),
                    },
                  )
                }
              >
                {t('account.turnOff')}
              </Button>
            </>
          )}
        </Stack>
      ) : null}
      <Button
        variant="subtle"
        color="red"
        loading={everywhere.isPending}
        onClick={() =>
          everywhere.mutate(undefined, {
            onSuccess: () => void logout().catch(() => undefined),
            onError: (error) => notifyProblem(error),
          })
        }
      >
        {t('account.signOutEverywhere')}
      </Button>
    </Stack>
  );
}
