import { Badge, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { TwoFactorPanel } from '@/features/account/TwoFactorPanel';
import { PasswordForm } from './PasswordForm';
import { ProfileForm } from './ProfileForm';

/** The signed-in user's own details and password. */
export function ProfilePanel() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="md">
            <Group justify="space-between" gap="xs">
              <Title order={3} size="h4">
                {t('profile.detailsTitle')}
              </Title>
              <Badge variant="light">{t(`roles.${user.role}`)}</Badge>
            </Group>
            <ProfileForm user={user} />
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="md">
            <Title order={3} size="h4">
              {t('profile.passwordTitle')}
            </Title>
            {user.hasPassword ? <PasswordForm /> : <Text size="sm">{t('profile.ssoOnly')}</Text>}
          </Stack>
        </Paper>
      </Grid.Col>
      {user.hasPassword ? (
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
            <TwoFactorPanel />
          </Paper>
        </Grid.Col>
      ) : null}
    </Grid>
  );
}
