import { can, ORGANISATION_TIME_ZONE } from '@bantu/contracts';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { ExportButtons } from '@/features/exports/ExportButtons';
import { presetRange, todayIn } from '@/features/reports/period';
import { useDivisionNames } from '@/features/reports/useReportPeriod';
import { AllTicketsPanel } from '@/features/tickets/AllTicketsPanel';
import { ticketPath } from '@/features/tickets/ticketPaths';
import { toQuery } from '@/features/tickets/tickets.hooks';

/** "All tickets" for managers (read-only) and admins: what a ticket page offers is its abilities. */
export function AllTicketsPage() {
  const user = useCurrentUser();
  // Division names to suggest come from the reports (managers); admins type one.
  const recent = presetRange('last30Days', todayIn(ORGANISATION_TIME_ZONE));
  const divisions = useDivisionNames({ from: recent.from, to: recent.to }, can(user.role, 'report:view'));
  return (
    <AllTicketsPanel
      ticketHref={(ticket) => ticketPath(user.role, ticket.ticketNumber)}
      divisions={divisions}
      renderExport={(filters) => (
        <ExportButtons
          path="/api/tickets/export"
          formats={['csv', 'xlsx']}
          query={toQuery(filters)}
          fallbackName="tickets"
        />
      )}
    />
  );
}
