import { PrioritiesPanel } from '@/features/priorities/PrioritiesPanel';

export function PrioritiesPage() {
  return <PrioritiesPanel />;
}
