import type { ChannelSet, MyNotificationPreferences, NotificationKind, Role } from '@bantu/contracts';
import {
  Alert,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { ChannelMatrix, type ChannelMatrixRow } from './ChannelMatrix';
import { useMyPreferences, useUpdateMyPreferences } from './preferences.hooks';

/** The event types a role can receive (DESIGN.md §3); the others would only be noise in the table. */
const RELEVANT: Record<Role, NotificationKind[]> = {
  user: ['ticket_received', 'ticket_assigned', 'status_changed', 'comment_added'],
  it_staff: [
    'ticket_created',
    'ticket_received',
    'ticket_assigned',
    'status_changed',
    'comment_added',
    'internal_note',
    'sla_at_risk',
    'sla_breached',
  ],
  manager: ['comment_added', 'internal_note', 'sla_escalated', 'compliance_alert'],
  admin: [
    'ticket_created',
    'ticket_received',
    'ticket_assigned',
    'status_changed',
    'comment_added',
    'internal_note',
    'sla_at_risk',
    'sla_breached',
    'sla_escalated',
    'compliance_alert',
  ],
};

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

interface FormProps {
  prefs: MyNotificationPreferences;
  role: Role;
}

function PreferencesForm({ prefs, role }: FormProps) {
  const { t } = useTranslation();
  const update = useUpdateMyPreferences();
  const [changed, setChanged] = useState<Partial<Record<NotificationKind, ChannelSet>>>({});
  const [quietOn, setQuietOn] = useState(prefs.quietHours !== null);
  const [quietStart, setQuietStart] = useState(prefs.quietHours?.start ?? '22:00');
  const [quietEnd, setQuietEnd] = useState(prefs.quietHours?.end ?? '07:00');
  const [timeZone, setTimeZone] = useState<string | null>(prefs.timeZone);
  const [digestOn, setDigestOn] = useState(prefs.digest.enabled);
  const [digestAt, setDigestAt] = useState(prefs.digest.at);

  const rows: ChannelMatrixRow[] = prefs.events
    .filter((e) => RELEVANT[role].includes(e.kind))
    .map((e) => ({ ...e, channels: changed[e.kind] ?? e.channels, custom: e.custom || !!changed[e.kind] }));
  const quietError =
    quietOn && (!TIME.test(quietStart) || !TIME.test(quietEnd) || quietStart === quietEnd)
      ? t('notificationPreferences.quietInvalid')
      : null;
  const digestError = digestOn && !TIME.test(digestAt) ? t('notificationPreferences.timeInvalid') : null;

  const save = (resetEvents = false) => {
    update.mutate(
      {
        events: resetEvents
          ? prefs.events.filter((e) => e.custom).map((e) => ({ kind: e.kind, channels: null }))
          : Object.entries(changed).map(([kind, channels]) => ({ kind: kind as NotificationKind, channels })),
        quietHours: quietOn ? { start: quietStart, end: quietEnd } : null,
        timeZone,
        digest: { enabled: digestOn, at: TIME.test(digestAt) ? digestAt : prefs.digest.at },
      },
      {
        onSuccess: () => {
          setChanged({});
          notifySuccess(t('notificationPreferences.saved'));
        },
        onError: (error) => notifyProblem(error),
      },
    );
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('notificationPreferences.intro')}
      </Text>
      <ChannelMatrix
        rows={rows}
        disabled={update.isPending}
        whatsappNote={prefs.whatsappReady ? undefined : t('notificationPreferences.whatsappNotReady')}
        onToggle={(kind, channel, on) => {
          const base = rows.find((r) => r.kind === kind)!.channels;
          setChanged((c) => ({ ...c, [kind]: { ...base, [channel]: on } }));
        }}
      />
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
        {t('notificationPreferences.inAppNote')}
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Stack gap="xs">
          <Switch
            label={t('notificationPreferences.quietHours')}
            description={t('notificationPreferences.quietHoursHint')}
            checked={quietOn}
            onChange={(e) => setQuietOn(e.currentTarget.checked)}
          />
          {quietOn ? (
            <Group grow align="flex-start">
              <TextInput
                type="time"
                label={t('notificationPreferences.from')}
                value={quietStart}
                onChange={(e) => setQuietStart(e.currentTarget.value)}
                error={quietError}
              />
              <TextInput
                type="time"
                label={t('notificationPreferences.until')}
                value={quietEnd}
                onChange={(e) => setQuietEnd(e.currentTarget.value)}
              />
            </Group>
          ) : null}
          <Select
            label={t('notificationPreferences.timeZone')}
            description={t('notificationPreferences.timeZoneHint', { zone: prefs.effectiveTimeZone })}
            placeholder={t('notificationPreferences.timeZoneDefault')}
            data={Intl.supportedValuesOf('timeZone')}
            value={timeZone}
            onChange={setTimeZone}
            searchable
            clearable
          />
        </Stack>
        <Stack gap="xs">
          <Switch
            label={t('notificationPreferences.digest')}
            description={t('notificationPreferences.digestHint')}
            checked={digestOn}
            onChange={(e) => setDigestOn(e.currentTarget.checked)}
          />
          {digestOn ? (
            <TextInput
              type="time"
              label={t('notificationPreferences.digestAt')}
              value={digestAt}
              onChange={(e) => setDigestAt(e.currentTarget.value)}
              error={digestError}
              maw={200}
            />
          ) : null}
        </Stack>
      </SimpleGrid>
      <Group justify="flex-end" gap="xs">
        <Button
          variant="default"
          disabled={!prefs.events.some((e) => e.custom) || update.isPending}
          onClick={() => save(true)}
        >
          {t('notificationPreferences.resetEvents')}
        </Button>
        <Button loading={update.isPending} disabled={!!quietError || !!digestError} onClick={() => save()}>
          {t('notificationPreferences.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The profile's "Notifications" card: channels per event, quiet hours and the daily digest. */
export function MyPreferencesPanel() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const prefs = useMyPreferences();
  return (
    <Paper
      component="section"
      aria-label={t('notificationPreferences.title')}
      withBorder
      radius="md"
      p={{ base: 'md', sm: 'lg' }}
      mt="lg"
    >
      <Stack gap="md">
        <Title order={3} size="h4">
          {t('notificationPreferences.title')}
        </Title>
        {prefs.isPending ? (
          <Center p="lg">
            <Loader />
          </Center>
        ) : prefs.isError ? (
          <ProblemAlert error={prefs.error} onRetry={() => void prefs.refetch()} />
        ) : (
          // Keyed by the saved data: after a save (or a default changed elsewhere) the form starts fresh.
          <PreferencesForm key={JSON.stringify(prefs.data)} prefs={prefs.data} role={user.role} />
        )}
      </Stack>
    </Paper>
  );
}
