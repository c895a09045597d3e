import { DeliveriesPanel } from '@/features/outbox/DeliveriesPanel';

export function DeliveriesPage() {
  return <DeliveriesPanel />;
}
