import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconBell, IconDeviceMobile, IconDownload, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { useInstallPrompt } from './install';
import { pushSupported, usePushDevices, useRevokeDevice, useSubscribeThisDevice } from './push.hooks';

/** Profile: install the app, turn on push on this device, see and revoke the devices that get pushes. */
export function AppDevicePanel() {
  const { t, i18n } = useTranslation();
  const install = useInstallPrompt();
  const devices = usePushDevices();
  const subscribe = useSubscribeThisDevice();
  const revoke = useRevokeDevice();
  const supported = pushSupported();
  return (
    <Paper withBorder radius="md" p="md" mt="md" component="section" aria-labelledby="devices-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="devices-title">
          {t('pwa.devicesTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('pwa.devicesText')}
        </Text>
        <Group gap="xs" wrap="wrap">
          {install.available ? (
            <Button leftSection={<IconDownload size={18} />} variant="light" onClick={() => void install.install()}>
              {t('pwa.install')}
            </Button>
          ) : null}
          <Button
            leftSection={<IconBell size={18} />}
            disabled={!supported}
            loading={subscribe.isPending}
            onClick={() =>
              subscribe.mutate(undefined, {
                onSuccess: () => notifySuccess(t('pwa.pushOn')),
                onError: (error) =>
                  error instanceof Error && error.message === 'permission'
                    ? notifyProblem(error, t('pwa.pushDenied'))
                    : notifyProblem(error),
              })
            }
          >
            {t('pwa.pushEnable')}
          </Button>
        </Group>
        {!supported ? (
          <Text size="sm" c="dimmed">
            {t('pwa.pushUnsupported')}
          </Text>
        ) : null}
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('pwa.devicesList')}>
          {(devices.data?.items ?? []).map((device) => (
            <Group key={device.id} component="li" justify="space-between" wrap="nowrap" gap="xs">
              <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                <IconDeviceMobile size={20} aria-hidden />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={600} truncate>
                    {device.label || device.service}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('pwa.deviceSince', { date: formatDateTime(device.createdAt, i18n.language) })}
                  </Text>
                </Stack>
              </Group>
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                loading={revoke.isPending && revoke.variables === device.id}
                onClick={() => revoke.mutate(device.id, { onError: (error) => notifyProblem(error) })}
              >
                {t('pwa.revoke')}
              </Button>
            </Group>
          ))}
          {devices.data && devices.data.items.length === 0 ? (
            <Text size="sm" c="dimmed" component="li">
              {t('pwa.noDevices')}
            </Text>
          ) : null}
        </Stack>
      </Stack>
    </Paper>
  );
}
