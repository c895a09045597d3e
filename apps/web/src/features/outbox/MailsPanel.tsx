import type { z } from 'zod';
import type { CapturedMailResponse } from '@bantu/contracts';
import { Modal, Stack, Table, Tabs, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { TableShell } from '@/ui/TableShell';
import { useIsPhone } from '@/ui/useIsPhone';
import { LoadMore } from '@/ui/LoadMore';
import { useCapturedMails } from './outbox.hooks';

type CapturedMail = z.infer<typeof CapturedMailResponse>;

function MailReader({ mail }: { mail: CapturedMail }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm">
      <Stack gap={2}>
        <Text size="sm">
          <Text span c="dimmed">
            {t('outbox.mails.to')}:
          </Text>{' '}
          {mail.to}
        </Text>
        <Text size="sm" c="dimmed">
          {formatDateTime(mail.createdAt, i18n.language)}
        </Text>
      </Stack>
      <Tabs defaultValue="text" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="text">{t('outbox.mails.text')}</Tabs.Tab>
          <Tabs.Tab value="html">{t('outbox.mails.html')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="text" pt="sm">
          <Text
            component="pre"
            size="sm"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'inherit', margin: 0 }}
          >
            {mail.text}
          </Text>
        </Tabs.Panel>
        <Tabs.Panel value="html" pt="sm">
          {/* The mail's HTML runs in an empty sandbox: no scripts, no forms, no same-origin access. */}
          <iframe
            sandbox=""
            srcDoc={mail.html}
            title={t('outbox.mails.htmlPreview', { subject: mail.subject })}
            referrerPolicy="no-referrer"
            style={{
              width: '100%',
              height: '60dvh',
              border: '1px solid var(--mantine-color-default-border)',
              borderRadius: 'var(--mantine-radius-sm)',
              background: 'white',
            }}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** "Surat keluar": e-mails captured because no SMTP server is configured. */
export function MailsPanel() {
  const { t, i18n } = useTranslation();
  const isPhone = useIsPhone();
  const list = useCapturedMails();
  const [open, setOpen] = useState<CapturedMail | null>(null);
  const mails = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title={t('outbox.mails.title')} description={t('outbox.mails.subtitle')} />
      <Stack gap="md">
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('outbox.mails.title')}
          minWidth={640}
          phoneColumns={[0, 2]}
          loading={list.isPending}
          empty={!list.isPending && !list.isError && mails.length === 0 ? t('outbox.mails.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('outbox.mails.subject')}</Table.Th>
              <Table.Th>{t('outbox.mails.to')}</Table.Th>
              <Table.Th>{t('outbox.mails.createdAt')}</Table.Th>
            </Table.Tr>
          }
        >
          {mails.map((mail) => (
            <Table.Tr key={mail.id}>
              <Table.Td>
                <UnstyledButton
                  onClick={() => setOpen(mail)}
                  c="blue"
                  fz="sm"
                  style={{ textAlign: 'left', overflowWrap: 'anywhere' }}
                >
                  {mail.subject}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {mail.to}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(mail.createdAt, i18n.language)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
        <LoadMore list={list} />
      </Stack>
      <Modal
        opened={open !== null}
        onClose={() => setOpen(null)}
        title={
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {open?.subject}
          </Text>
        }
        size="xl"
        fullScreen={isPhone}
      >
        {open ? <MailReader mail={open} /> : null}
      </Modal>
    </>
  );
}
