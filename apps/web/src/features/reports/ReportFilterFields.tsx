import { ReportQuery } from '@bantu/contracts';
import { Badge, Button, Collapse, Group, Select, SimpleGrid, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAdjustmentsHorizontal } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories } from '@/features/categories/categories.hooks';
import { usePriorities } from '@/features/priorities/priorities.hooks';
import { useStaff } from '@/features/tickets/tickets.hooks';
import type { ReportFilters } from './drillDown';

const KEYS = ['categoryId', 'priorityId', 'assigneeId', 'division'] as const;

/** The report filters in the URL, each checked with the contract's schema. */
export function reportFiltersFromParams(params: URLSearchParams): ReportFilters {
  const out: ReportFilters = {};
  for (const key of KEYS) {
    const raw = params.get(key);
    if (!raw) continue;
    const parsed = ReportQuery.shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}

export function writeReportFilters(params: URLSearchParams, filters: ReportFilters): URLSearchParams {
  for (const key of KEYS) {
    const value = filters[key];
    if (value) params.set(key, value);
    else params.delete(key);
  }
  return params;
}

export interface ReportFilterFieldsProps {
  value: ReportFilters;
  onChange: (next: ReportFilters) => void;
  /** Division names to offer. */
  divisions?: readonly string[];
}

/** Category, priority, assignee and division: what every report figure can be narrowed by. */
export function ReportFilterFields({ value, onChange, divisions = [] }: ReportFilterFieldsProps) {
  const { t } = useTranslation();
  const staff = useStaff();
  const priorities = usePriorities({ includeInactive: true });
  const categories = useCategories({ includeInactive: true });
  const set = (key: (typeof KEYS)[number]) => (next: string | null) => onChange({ ...value, [key]: next ?? undefined });
  const divisionOptions = [...new Set([...divisions, ...(value.division ? [value.division] : [])])];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      <Select
        label={t('tickets.fields.category')}
        placeholder={t('tickets.queue.any')}
        data={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={value.categoryId ?? null}
        onChange={set('categoryId')}
        clearable
        searchable
      />
      <Select
        label={t('tickets.fields.priority')}
        placeholder={t('tickets.queue.any')}
        data={(priorities.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={value.priorityId ?? null}
        onChange={set('priorityId')}
        clearable
      />
      <Select
        label={t('tickets.fields.assignee')}
        placeholder={t('tickets.queue.any')}
        data={[
          { value: 'none', label: t('tickets.unassigned') },
          ...(staff.data ?? []).map((s) => ({ value: s.id, label: s.name })),
        ]}
        value={value.assigneeId ?? null}
        onChange={set('assigneeId')}
        clearable
        searchable
      />
      <Select
        label={t('tickets.all.division')}
        placeholder={t('tickets.queue.any')}
        data={divisionOptions.map((d) => ({ value: d, label: d === '-' ? t('reports.noDivision') : d }))}
        value={value.division ?? null}
        onChange={set('division')}
        clearable
        searchable
      />
    </SimpleGrid>
  );
}

export interface ReportFilterPanelProps extends ReportFilterFieldsProps {
  /** Controls shown on the same row as the filter button (the period). */
  children: ReactNode;
}

/** The period row with a "filters" button; the filter inputs fold out below it. */
export function ReportFilterPanel({ children, value, onChange, divisions }: ReportFilterPanelProps) {
  const { t } = useTranslation();
  const active = KEYS.filter((key) => value[key]).length;
  const [opened, toggle] = useDisclosure(active > 0);
  return (
    <Stack gap="sm">
      <Group gap="xs" align="flex-end" wrap="wrap">
        {children}
        <Button
          variant={opened ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={16} />}
          onClick={toggle.toggle}
          aria-expanded={opened}
          rightSection={
            active > 0 ? (
              <Badge size="sm" circle>
                {active}
              </Badge>
            ) : null
          }
        >
          {t('reports.filters')}
        </Button>
      </Group>
      <Collapse expanded={opened}>
        <ReportFilterFields value={value} onChange={onChange} divisions={divisions} />
      </Collapse>
    </Stack>
  );
}
