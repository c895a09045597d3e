import type { TotpEnrolment } from '@bantu/contracts';
import { Code, Image, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface TotpEnrolmentViewProps {
  enrolment: TotpEnrolment;
}

/** The QR code to scan, and the secret to type for apps that cannot scan. */
export function TotpEnrolmentView({ enrolment }: TotpEnrolmentViewProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" align="center">
      <Text size="sm">{t('account.scanQr')}</Text>
      <Image src={enrolment.qrDataUrl} alt={t('account.qrAlt')} w={200} h={200} />
      <Text size="xs" c="dimmed">
        {t('account.orTypeSecret')}
      </Text>
      <Code data-testid="totp-secret" fz="sm">
        {enrolment.secret}
      </Code>
    </Stack>
  );
}
