import { SSO_ERROR_REASONS, type SsoErrorReason } from '@bantu/contracts';
import { Alert, Button, Divider, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconKey } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from '@/lib/router';
import { useSsoButtons } from './sso.hooks';

const isReason = (value: string | null): value is SsoErrorReason =>
  value !== null && (SSO_ERROR_REASONS as readonly string[]).includes(value);

/** The refusal of a single sign-on, when the server sent the browser back here with one. */
export function SsoError() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const reason = params.get('ssoError');
  if (!reason) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={20} />} role="alert" data-testid="sso-error">
      {isReason(reason) ? t(`sso.errors.${reason}`) : t('sso.errors.unknown')}
    </Alert>
  );
}

/** One button per identity provider (full-page navigation: the server redirects to the provider). */
export function SsoButtons() {
  const { t } = useTranslation();
  const buttons = useSsoButtons();
  const items = buttons.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Stack gap="sm">
      {items.map((b) => (
        <Button
          key={b.slug}
          component="a"
          href={b.startUrl}
          variant="default"
          fullWidth
          leftSection={<IconKey size={18} />}
        >
          {t('sso.signInWith', { label: b.label })}
        </Button>
      ))}
      {buttons.data?.passwordLoginEnabled === false ? (
        <Text size="xs" c="dimmed" ta="center">
          {t('sso.passwordOff')}
        </Text>
      ) : null}
      <Divider label={t('sso.or')} labelPosition="center" />
    </Stack>
  );
}
