import { AuditLog } from '@/features/audit/AuditLog';

export function AuditPage() {
  return <AuditLog />;
}
