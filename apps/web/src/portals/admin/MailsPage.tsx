import { MailsPanel } from '@/features/outbox/MailsPanel';

export function MailsPage() {
  return <MailsPanel />;
}
