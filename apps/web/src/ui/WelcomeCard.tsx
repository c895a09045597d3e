import { Badge, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleDashed } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface WelcomeCardProps {
  greeting: string;
  roleLabel: string;
  description: string;
  /** Heading of the list below, e.g. "What this area will offer". */
  itemsTitle: string;
  /** What the area will offer. */
  items: string[];
  /** An honest note on what is not there yet. */
  note?: ReactNode;
}

export function WelcomeCard({ greeting, roleLabel, description, itemsTitle, items, note }: WelcomeCardProps) {
  return (
    <Paper withBorder radius="md" p={{ base: 'md', sm: 'xl' }} maw={760}>
      <Stack gap="md">
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={2}>{greeting}</Title>
          <Badge variant="light" size="lg">
            {roleLabel}
          </Badge>
        </Group>
        <Text>{description}</Text>
        <Text fw={600} size="sm">
          {itemsTitle}
        </Text>
        <List
          spacing="xs"
          icon={
            <ThemeIcon color="gray" size={22} radius="xl" variant="transparent">
              <IconCircleDashed size={18} />
            </ThemeIcon>
          }
        >
          {items.map((item) => (
            <List.Item key={item}>{item}</List.Item>
          ))}
        </List>
        {note ? (
          <Text size="sm" c="dimmed">
            {note}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
