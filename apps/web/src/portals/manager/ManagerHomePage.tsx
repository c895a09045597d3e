import { ManagerDashboard } from '@/features/reports/ManagerDashboard';

/** The manager's home: the dashboard (loaded with its charts only when a manager opens it). */
export function ManagerHomePage() {
  return <ManagerDashboard />;
}
