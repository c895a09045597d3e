import { usePriorities } from '@/features/priorities/priorities.hooks';
import { SlaRulesPanel } from '@/features/sla-rules/SlaRulesPanel';

export function SlaRulesPage() {
  const priorities = usePriorities({ includeInactive: true });
  return <SlaRulesPanel priorities={priorities.data ?? []} prioritiesError={priorities.error ?? undefined} />;
}
