import { Paper } from '@mantine/core';
import { useNavigate } from '@/lib/router';
import { useTranslation } from 'react-i18next';
import { TicketCreateForm } from '@/features/tickets/TicketCreateForm';
import { PageHeader } from '@/ui/PageHeader';

export function StaffNewTicketPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('tickets.create.title')} description={t('tickets.create.staffSubtitle')} />
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }} maw={820}>
        <TicketCreateForm
          onBehalf
          onCreated={(ticket) => void navigate(`/staff/tickets/${ticket.ticketNumber}`, { replace: true })}
          onCancel={() => void navigate('/staff')}
        />
      </Paper>
    </>
  );
}
