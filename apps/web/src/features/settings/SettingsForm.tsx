import { SettingsUpdateRequest } from '@bantu/contracts';
import type { Locale, SettingsResponse } from '@bantu/contracts';
import {
  Alert,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { showSubmitProblem } from '@/ui/formErrors';
import { notifySuccess } from '@/ui/notify';
import { zodResolver } from '@/ui/zodResolver';
import { useUpdateSettings } from './settings.hooks';
import { isUploadType, RISKY_UPLOAD_TYPES, UPLOAD_TYPE_OPTIONS, uploadTypeLabel } from './uploadTypes';
import { languageOptions } from '@/i18n/locales';

const MB = 1024 * 1024;

interface SettingsValues {
  organizationName: string;
  defaultLocale: Locale;
  timezone: string | null;
  ticketNumberPrefix: string;
  autoCloseDays: number | string;
  /** Shown and edited in megabytes; named after the API field so errors land on this input. */
  uploadMaxBytes: number | string;
  allowedUploadTypes: string[];
  slaAtRiskPercent: number | string;
  slaComplianceThreshold: number | string;
  slaPauseOnHold: boolean;
  slaComplianceWindowDays: number | string;
  attachmentDownloadRedirect: boolean;
  require2faForPrivileged: boolean;
}

const num = (value: number | string): number | undefined => (typeof value === 'number' ? value : undefined);

function toRequest(v: SettingsValues) {
  const mb = num(v.uploadMaxBytes);
  return {
    organizationName: v.organizationName,
    defaultLocale: v.defaultLocale,
    timezone: v.timezone ?? '',
    ticketNumberPrefix: v.ticketNumberPrefix.trim().toUpperCase(),
    autoCloseDays: num(v.autoCloseDays),
    uploadMaxBytes: mb === undefined ? undefined : Math.round(mb * MB),
    allowedUploadTypes: v.allowedUploadTypes.filter(isUploadType),
    slaAtRiskPercent: num(v.slaAtRiskPercent),
    slaComplianceThreshold: num(v.slaComplianceThreshold),
    slaPauseOnHold: v.slaPauseOnHold,
    slaComplianceWindowDays: num(v.slaComplianceWindowDays),
    attachmentDownloadRedirect: v.attachmentDownloadRedirect,
    require2faForPrivileged: v.require2faForPrivileged,
  };
}

function toValues(s: SettingsResponse): SettingsValues {
  return {
    organizationName: s.organizationName,
    defaultLocale: s.defaultLocale,
    timezone: s.timezone,
    ticketNumberPrefix: s.ticketNumberPrefix,
    autoCloseDays: s.autoCloseDays,
    uploadMaxBytes: Math.round((s.uploadMaxBytes / MB) * 100) / 100,
    allowedUploadTypes: s.allowedUploadTypes,
    slaAtRiskPercent: s.slaAtRiskPercent,
    slaComplianceThreshold: s.slaComplianceThreshold,
    slaPauseOnHold: s.slaPauseOnHold,
    slaComplianceWindowDays: s.slaComplianceWindowDays,
    // Older servers do not send this flag yet: treat it as off.
    attachmentDownloadRedirect: s.attachmentDownloadRedirect ?? false,
    require2faForPrivileged: s.require2faForPrivileged ?? false,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Only what differs from the saved settings: PATCH never rewrites untouched fields. */
function changedFields(saved: SettingsResponse, v: SettingsValues): SettingsUpdateRequest {
  const next = toRequest(v);
  const changes: SettingsUpdateRequest = {};
  if (next.organizationName.trim() !== saved.organizationName) changes.organizationName = next.organizationName;
  if (next.defaultLocale !== saved.defaultLocale) changes.defaultLocale = next.defaultLocale;
  if (next.timezone !== saved.timezone) changes.timezone = next.timezone;
  if (next.ticketNumberPrefix !== saved.ticketNumberPrefix) changes.ticketNumberPrefix = next.ticketNumberPrefix;
  if (next.autoCloseDays !== saved.autoCloseDays) changes.autoCloseDays = next.autoCloseDays;
  // Megabytes are rounded for display: an untouched size keeps its exact byte count.
  if (next.uploadMaxBytes !== undefined && Math.abs(next.uploadMaxBytes - saved.uploadMaxBytes) >= MB / 200) {
    changes.uploadMaxBytes = next.uploadMaxBytes;
  }
  if (!sameSet(next.allowedUploadTypes, saved.allowedUploadTypes)) changes.allowedUploadTypes = next.allowedUploadTypes;
  if (next.slaAtRiskPercent !== saved.slaAtRiskPercent) changes.slaAtRiskPercent = next.slaAtRiskPercent;
  if (next.slaComplianceThreshold !== saved.slaComplianceThreshold) {
    changes.slaComplianceThreshold = next.slaComplianceThreshold;
  }
  if (next.slaPauseOnHold !== saved.slaPauseOnHold) changes.slaPauseOnHold = next.slaPauseOnHold;
  if (next.slaComplianceWindowDays !== saved.slaComplianceWindowDays) {
    changes.slaComplianceWindowDays = next.slaComplianceWindowDays;
  }
  if (next.attachmentDownloadRedirect !== (saved.attachmentDownloadRedirect ?? false)) {
    changes.attachmentDownloadRedirect = next.attachmentDownloadRedirect;
  }
  if (next.require2faForPrivileged !== (saved.require2faForPrivileged ?? false)) {
    changes.require2faForPrivileged = next.require2faForPrivileged;
  }
  return changes;
}

function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export interface SettingsFormProps {
  settings: SettingsResponse;
}

export function SettingsForm({ settings }: SettingsFormProps) {
  const { t } = useTranslation();
  const updateSettings = useUpdateSettings();
  const form = useForm<SettingsValues>({
    initialValues: toValues(settings),
    validate: zodResolver<SettingsValues>(SettingsUpdateRequest, {
      transform: toRequest,
      messages: {
        timezone: t('validation.timezone'),
        ticketNumberPrefix: t('validation.ticketPrefix'),
        uploadMaxBytes: (issue) =>
          issue.code === 'too_small' || issue.code === 'too_big' ? t('settings.uploadMaxRange') : undefined,
      },
    }),
  });

  const submit = form.onSubmit((values) => {
    const changes = changedFields(settings, values);
    if (Object.keys(changes).length === 0) {
      notifySuccess(t('common.noChanges'));
      return;
    }
    updateSettings.mutate(changes, {
      onSuccess: (saved) => {
        form.setValues(toValues(saved));
        form.resetDirty(toValues(saved));
        notifySuccess(t('settings.saved'));
      },
      onError: (error) => showSubmitProblem(form, error),
    });
  });

  const risky = RISKY_UPLOAD_TYPES.filter((type) => form.values.allowedUploadTypes.includes(type)).map(uploadTypeLabel);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Section title={t('settings.general')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t('settings.organizationName')} required {...form.getInputProps('organizationName')} />
            <Select
              label={t('settings.defaultLocale')}
              description={t('settings.defaultLocaleHint')}
              data={languageOptions(t)}
              allowDeselect={false}
              {...form.getInputProps('defaultLocale')}
            />
            <Select
              label={t('settings.timezone')}
              description={t('settings.timezoneHint')}
              data={timeZones(settings.timezone)}
              searchable
              allowDeselect={false}
              limit={50}
              nothingFoundMessage={t('common.nothingFound')}
              {...form.getInputProps('timezone')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('settings.tickets')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t('settings.ticketNumberPrefix')}
              description={t('settings.ticketNumberPrefixHint', {
                example: `${form.values.ticketNumberPrefix.toUpperCase() || 'TKT'}-202611-00042`,
              })}
              maxLength={10}
              {...form.getInputProps('ticketNumberPrefix')}
            />
            <NumberInput
              label={t('settings.autoCloseDays')}
              description={t('settings.autoCloseDaysHint')}
              min={0}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('autoCloseDays')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('settings.uploads')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label={t('settings.uploadMaxMb')}
              description={t('settings.uploadMaxMbHint')}
              min={0.01}
              max={1024}
              decimalScale={2}
              allowNegative={false}
              suffix=" MB"
              {...form.getInputProps('uploadMaxBytes')}
            />
          </SimpleGrid>
          <MultiSelect
            label={t('settings.allowedUploadTypes')}
            description={t('settings.allowedUploadTypesHint')}
            data={UPLOAD_TYPE_OPTIONS}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={t('common.nothingFound')}
            renderOption={({ option }) => (
              <div>
                <Text size="sm">{option.label}</Text>
                <Text size="xs" c="dimmed">
                  {String(option.value)}
                </Text>
              </div>
            )}
            {...form.getInputProps('allowedUploadTypes')}
          />
          <Switch
            label={t('settings.attachmentDownloadRedirect')}
            description={t('settings.attachmentDownloadRedirectHint')}
            {...form.getInputProps('attachmentDownloadRedirect', { type: 'checkbox' })}
          />
          <Switch
            label={t('settings.require2faForPrivileged')}
            description={t('settings.require2faForPrivilegedHint')}
            {...form.getInputProps('require2faForPrivileged', { type: 'checkbox' })}
          />
          {risky.length > 0 ? (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={20} />}>
              {t('settings.riskyTypes', { types: risky.join(', ') })}
            </Alert>
          ) : null}
        </Section>

        <Section title={t('settings.sla')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <NumberInput
              label={t('settings.slaAtRiskPercent')}
              description={t('settings.slaAtRiskPercentHint')}
              min={1}
              max={99}
              allowDecimal={false}
              allowNegative={false}
              suffix=" %"
              {...form.getInputProps('slaAtRiskPercent')}
            />
            <NumberInput
              label={t('settings.slaComplianceThreshold')}
              description={t('settings.slaComplianceThresholdHint')}
              min={1}
              max={100}
              allowDecimal={false}
              allowNegative={false}
              suffix=" %"
              {...form.getInputProps('slaComplianceThreshold')}
            />
            <NumberInput
              label={t('sla.settings.complianceWindowDays')}
              description={t('sla.settings.complianceWindowDaysHint')}
              min={1}
              max={90}
              allowDecimal={false}
              allowNegative={false}
              {...form.getInputProps('slaComplianceWindowDays')}
            />
          </SimpleGrid>
          <Switch
            label={t('sla.settings.pauseOnHold')}
            description={t('sla.settings.pauseOnHoldHint')}
            {...form.getInputProps('slaPauseOnHold', { type: 'checkbox' })}
          />
        </Section>

        <FormActions loading={updateSettings.isPending} />
      </Stack>
    </form>
  );
}
