import { MailboxesPanel } from '@/features/mailboxes/MailboxesPanel';

export function MailboxesPage() {
  return <MailboxesPanel />;
}
