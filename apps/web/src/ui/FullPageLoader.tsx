import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A loader filling the screen, or (`inline`) the content area of the signed-in shell. */
export function FullPageLoader({ inline = false }: { inline?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center h={inline ? '50dvh' : '100dvh'} role="status" aria-label={t('common.loading')}>
      <Loader />
    </Center>
  );
}
