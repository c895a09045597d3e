import { can } from '@bantu/contracts';
import { Card, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { Link } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { ADMIN_PAGES } from '@/app/navigation';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { PageHeader } from '@/ui/PageHeader';

const DESCRIPTIONS = {
  users: 'home.admin.users',
  categories: 'home.admin.categories',
  priorities: 'home.admin.priorities',
  'sla-rules': 'home.admin.slaRules',
  settings: 'home.admin.settings',
  mails: 'home.admin.mails',
  deliveries: 'home.admin.deliveries',
} as const;

function isKnownPage(path: string): path is keyof typeof DESCRIPTIONS {
  return path in DESCRIPTIONS;
}

export function AdminHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const pages = ADMIN_PAGES.filter((page) => can(user.role, page.permission));
  return (
    <>
      <PageHeader title={t('home.greeting', { name: user.name })} description={t('home.admin.description')} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {pages.map((page) => (
          <Card key={page.path} component={Link} to={`/admin/${page.path}`} withBorder radius="md" padding="lg">
            <Stack gap="xs">
              <ThemeIcon variant="light" size={36} radius="md">
                {page.icon}
              </ThemeIcon>
              <Title order={3} size="h4">
                {t(page.label)}
              </Title>
              <Text size="sm" c="dimmed">
                {isKnownPage(page.path) ? t(DESCRIPTIONS[page.path]) : null}
              </Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
