import { BusinessCalendarPanel } from '@/features/sla/BusinessCalendarPanel';

export function SlaCalendarPage() {
  return <BusinessCalendarPanel />;
}
