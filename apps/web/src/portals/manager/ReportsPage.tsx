import { ReportsPanel } from '@/features/reports/ReportsPanel';

export function ReportsPage() {
  return <ReportsPanel />;
}
