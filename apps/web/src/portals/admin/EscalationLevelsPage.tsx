import { usePriorities } from '@/features/priorities/priorities.hooks';
import { EscalationLevelsPanel } from '@/features/sla/EscalationLevelsPanel';

export function EscalationLevelsPage() {
  const priorities = usePriorities({ includeInactive: true });
  return <EscalationLevelsPanel priorities={priorities.data ?? []} prioritiesError={priorities.error ?? undefined} />;
}
