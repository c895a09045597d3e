import type { SsoProviderResponse } from '@bantu/contracts';
import { Badge, Button, Card, Code, MultiSelect, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUserList } from '@/features/users/users.hooks';
import { ActiveBadge } from '@/ui/ActiveBadge';
import { ConfirmModal } from '@/ui/ConfirmModal';
import { notifyProblem, notifySuccess } from '@/ui/notify';
import { PageHeader } from '@/ui/PageHeader';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { RowActions } from '@/ui/RowActions';
import { TableShell } from '@/ui/TableShell';
import { useDialogState } from '@/ui/useDialogState';
import { SsoProviderForm } from './SsoProviderForm';
import { useDeleteSsoProvider, useSsoPolicy, useSsoProviders, useUpdateSsoPolicy } from './sso.hooks';

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; provider: SsoProviderResponse }
  | { kind: 'delete'; provider: SsoProviderResponse };

/** Admin Panel: identity providers and the sign-in policy (password sign-in and break-glass admins). */
export function SsoPanel() {
  const { t } = useTranslation();
  const dialogState = useDialogState<Dialog>();
  const dialog = dialogState.data;
  const list = useSsoProviders();
  const remove = useDeleteSsoProvider();
  const providers = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('sso.title')}
        description={t('sso.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={18} />} onClick={() => dialogState.open({ kind: 'create' })}>
            {t('sso.create')}
          </Button>
        }
      />
      <Stack gap="lg">
        {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
        <TableShell
          caption={t('sso.providers')}
          minWidth={800}
          loading={list.isPending}
          empty={list.isSuccess && providers.length === 0 ? t('sso.empty') : false}
          head={
            <Table.Tr>
              <Table.Th>{t('sso.label')}</Table.Th>
              <Table.Th>{t('sso.kind')}</Table.Th>
              <Table.Th>{t('sso.callbackUrl')}</Table.Th>
              <Table.Th>{t('common.status')}</Table.Th>
              <Table.Th ta="right">{t('common.actions')}</Table.Th>
            </Table.Tr>
          }
        >
          {providers.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {p.label}
                </Text>
                <Text size="xs" c="dimmed">
                  {p.slug}
                  {p.fromEnv ? ` · ${t('sso.fromEnv')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={p.kind === 'oidc' ? 'indigo' : 'grape'}>
                  {p.kind === 'oidc' ? 'OpenID Connect' : 'SAML 2.0'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Code style={{ overflowWrap: 'anywhere' }}>{p.callbackUrl}</Code>
                {p.metadataUrl ? (
                  <Text size="xs">
                    <a href={p.metadataUrl} target="_blank" rel="noreferrer">
                      {t('sso.metadataUrl')}
                    </a>
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={p.isActive} />
              </Table.Td>
              <Table.Td>
                <RowActions
                  actions={[
                    {
                      label: t('common.editNamed', { name: p.label }),
                      icon: <IconPencil size={18} />,
                      onClick: () => dialogState.open({ kind: 'edit', provider: p }),
                      disabled: p.fromEnv,
                    },
                    {
                      label: t('common.deleteNamed', { name: p.label }),
                      icon: <IconTrash size={18} />,
                      color: 'red',
                      onClick: () => dialogState.open({ kind: 'delete', provider: p }),
                      disabled: p.fromEnv,
                    },
                  ]}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </TableShell>
        <PolicyCard />
      </Stack>

      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <SsoProviderForm provider={dialog.kind === 'edit' ? dialog.provider : null} onClose={dialogState.close} />
      ) : null}
      <ConfirmModal
        opened={dialog?.kind === 'delete'}
        title={dialog?.kind === 'delete' ? t('sso.deleteTitle', { name: dialog.provider.label }) : ''}
        confirmLabel={t('common.delete')}
        loading={remove.isPending}
        onClose={dialogState.close}
        onConfirm={() => {
          if (dialog?.kind !== 'delete') return;
          remove.mutate(dialog.provider.id, {
            onSuccess: () => {
              notifySuccess(t('sso.deleted'));
              dialogState.close();
            },
            onError: (error) => notifyProblem(error),
          });
        }}
      >
        {t('sso.deleteBody')}
      </ConfirmModal>
    </>
  );
}

function PolicyCard() {
  const { t } = useTranslation();
  const policy = useSsoPolicy();
  const update = useUpdateSsoPolicy();
  const admins = useUserList({ role: 'admin', status: true });
  const [picked, setPicked] = useState<string[] | null>(null);
  const options = useMemo(() => {
    const seen = new Map<string, string>();
    for (const page of admins.data?.pages ?? []) for (const u of page.items) seen.set(u.id, `${u.name} <${u.email}>`);
    for (const u of policy.data?.breakGlassUsers ?? []) seen.set(u.id, `${u.name} <${u.email}>`);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [admins.data, policy.data]);
  if (!policy.data) return policy.isError ? <ProblemAlert error={policy.error} /> : null;
  const ids = picked ?? policy.data.breakGlassUserIds;
  const saveWith = (body: { passwordLoginEnabled?: boolean; breakGlassUserIds?: string[] }) =>
    update.mutate(body, {
      onSuccess: () => {
        setPicked(null);
        notifySuccess(t('sso.policySaved'));
      },
      onError: (error) => notifyProblem(error),
    });

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('sso.policyTitle')}
        </Title>
        <MultiSelect
          label={t('sso.breakGlass')}
          description={t('sso.breakGlassHelp')}
          data={options}
          value={ids}
          onChange={setPicked}
          searchable
        />
        {picked ? (
          <Button w="fit-content" loading={update.isPending} onClick={() => saveWith({ breakGlassUserIds: ids })}>
            {t('common.save')}
          </Button>
        ) : null}
        <Switch
          label={t('sso.passwordLoginEnabled')}
          description={t('sso.passwordLoginHelp')}
          checked={policy.data.passwordLoginEnabled}
          disabled={update.isPending}
          onChange={(e) => saveWith({ passwordLoginEnabled: e.currentTarget.checked, breakGlassUserIds: ids })}
        />
      </Stack>
    </Card>
  );
}
