import { ROLES, type Role, type SsoProviderResponse } from '@bantu/contracts';
import {
  Alert,
  Checkbox,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions } from '@/ui/FormActions';
import { notifySuccess } from '@/ui/notify';
import { ProblemAlert } from '@/ui/ProblemAlert';
import { useSaveSsoProvider } from './sso.hooks';

export interface SsoProviderFormProps {
  provider: SsoProviderResponse | null;
  onClose: () => void;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** "group = value" lines; answers the pairs or the first bad line number. */
function pairs(text: string): { group: string; value: string }[] | number {
  const out: { group: string; value: string }[] = [];
  const all = lines(text);
  for (const [i, line] of all.entries()) {
    const at = line.lastIndexOf('=');
    if (at <= 0 || at === line.length - 1) return i + 1;
    out.push({ group: line.slice(0, at).trim(), value: line.slice(at + 1).trim() });
  }
  return out;
}

/** Add or edit an identity provider (OpenID Connect or SAML 2.0) and its claim mappings. */
export function SsoProviderForm({ provider, onClose }: SsoProviderFormProps) {
  const { t } = useTranslation();
  const save = useSaveSsoProvider();
  const [kind, setKind] = useState<'oidc' | 'saml'>(provider?.kind ?? 'oidc');
  const [v, setV] = useState({
    slug: provider?.slug ?? '',
    label: provider?.label ?? '',
    isActive: provider?.isActive ?? true,
    issuer: provider?.issuer ?? '',
    clientId: provider?.clientId ?? '',
    clientSecret: '',
    scopes: provider?.scopes ?? 'openid email profile',
    entryPoint: provider?.entryPoint ?? '',
    idpEntityId: provider?.idpEntityId ?? '',
    idpCert: provider?.idpCert ?? '',
    allowedDomains: (provider?.allowedDomains ?? []).join('\n'),
    jitEnabled: provider?.jitEnabled ?? true,
    groupsClaim: provider?.groupsClaim ?? 'groups',
    divisionClaim: provider?.divisionClaim ?? '',
    defaultRole: provider?.defaultRole ?? 'user',
    roleMappings: (provider?.roleMappings ?? []).map((m) => `${m.group} = ${m.role}`).join('\n'),
    divisionMappings: (provider?.divisionMappings ?? []).map((m) => `${m.group} = ${m.division}`).join('\n'),
  });
  const [localError, setLocalError] = useState<string | null>(null);
  const set =
    <K extends keyof typeof v>(key: K) =>
    (value: (typeof v)[K]) =>
      setV((s) => ({ ...s, [key]: value }));
  const text = (key: keyof typeof v) => ({
    value: v[key] as string,
    onChange: (e: { currentTarget: { value: string } }) => set(key)(e.currentTarget.value),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalError(null);
    const roles = pairs(v.roleMappings);
    const divisions = pairs(v.divisionMappings);
    if (typeof roles === 'number' || typeof divisions === 'number') {
      setLocalError(t('sso.badMapping', { line: typeof roles === 'number' ? roles : divisions }));
      return;
    }
    const badRole = roles.find((r) => !(ROLES as readonly string[]).includes(r.value));
    if (badRole) {
      setLocalError(`${badRole.group} = ${badRole.value}: ${ROLES.join(', ')}`);
      return;
    }
    const body = {
      slug: v.slug,
      label: v.label,
      isActive: v.isActive,
      scopes: v.scopes,
      allowedDomains: lines(v.allowedDomains),
      jitEnabled: v.jitEnabled,
      groupsClaim: v.groupsClaim,
      divisionClaim: v.divisionClaim.trim() || null,
      defaultRole: v.defaultRole,
      roleMappings: roles.map((r) => ({ group: r.group, role: r.value as Role })),
      divisionMappings: divisions.map((d) => ({ group: d.group, division: d.value })),
      ...(kind === 'oidc'
        ? { issuer: v.issuer, clientId: v.clientId, ...(v.clientSecret ? { clientSecret: v.clientSecret } : {}) }
        : { entryPoint: v.entryPoint, idpEntityId: v.idpEntityId || null, idpCert: v.idpCert }),
    };
    save.mutate(provider ? { id: provider.id, changes: body } : { create: { ...body, kind } }, {
      onSuccess: () => {
        notifySuccess(t('sso.saved'));
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={provider ? t('sso.edit') : t('sso.create')} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {save.isError ? <ProblemAlert error={save.error} /> : null}
          {localError ? (
            <Alert color="red" role="alert">
              {localError}
            </Alert>
          ) : null}
          {provider ? null : (
            <SegmentedControl
              aria-label={t('sso.kind')}
              value={kind}
              onChange={(value) => setKind(value)}
              data={[
                { value: 'oidc', label: 'OpenID Connect' },
                { value: 'saml', label: 'SAML 2.0' },
              ]}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('sso.label')} required {...text('label')} />
            <TextInput label={t('sso.slug')} required {...text('slug')} />
          </SimpleGrid>
          {kind === 'oidc' ? (
            <>
              <TextInput label={t('sso.issuer')} required placeholder="https://" {...text('issuer')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('sso.clientId')} required {...text('clientId')} />
                <PasswordInput
                  label={t('sso.clientSecret')}
                  description={provider?.hasClientSecret ? t('sso.clientSecretKeep') : undefined}
                  autoComplete="new-password"
                  {...text('clientSecret')}
                />
              </SimpleGrid>
              <TextInput label={t('sso.scopes')} {...text('scopes')} />
            </>
          ) : (
            <>
              <TextInput label={t('sso.entryPoint')} required placeholder="https://" {...text('entryPoint')} />
              <TextInput label={t('sso.idpEntityId')} {...text('idpEntityId')} />
              <Textarea label={t('sso.idpCert')} required autosize minRows={3} maxRows={8} {...text('idpCert')} />
            </>
          )}
          <Textarea label={t('sso.allowedDomains')} autosize minRows={2} {...text('allowedDomains')} />
          <Checkbox
            label={t('sso.jitEnabled')}
            checked={v.jitEnabled}
            onChange={(e) => set('jitEnabled')(e.currentTarget.checked)}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('sso.groupsClaim')} required {...text('groupsClaim')} />
            <TextInput label={t('sso.divisionClaim')} {...text('divisionClaim')} />
          </SimpleGrid>
          <Select
            label={t('sso.defaultRole')}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={v.defaultRole}
            onChange={(value) => value && set('defaultRole')(value)}
            allowDeselect={false}
          />
          <Textarea
            label={t('sso.roleMappings')}
            placeholder="it-helpdesk = it_staff"
            autosize
            minRows={2}
            {...text('roleMappings')}
          />
          <Textarea
            label={t('sso.divisionMappings')}
            placeholder="finance = Keuangan"
            autosize
            minRows={2}
            {...text('divisionMappings')}
          />
          <Checkbox
            label={t('sso.active')}
            checked={v.isActive}
            onChange={(e) => set('isActive')(e.currentTarget.checked)}
          />
          <FormActions loading={save.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
