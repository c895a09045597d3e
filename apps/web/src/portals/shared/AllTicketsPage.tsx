import { can } from '@bantu/contracts';
import { useCurrentUser } from '@/features/auth/auth.hooks';
import { ExportButtons } from '@/features/exports/ExportButtons';
import { presetRange, todayIn } from '@/features/reports/period';
import { useOrganisationTimeZone } from '@/features/reports/reports.hooks';
import { useDivisionNames } from '@/features/reports/useReportPeriod';
import { AllTicketsPanel } from '@/features/tickets/AllTicketsPanel';
import { ticketPath } from '@/features/tickets/ticketPaths';
import { toQuery } from '@/features/tickets/tickets.hooks';
import { endpoints } from '@/lib/http';

/** "All tickets" for managers (read-only) and admins: what a ticket page offers is its abilities. */
export function AllTicketsPage() {
  const user = useCurrentUser();
  // Division names to suggest come from the reports (managers); admins type one.
  const reports = can(user.role, 'report:view');
  const { timeZone, ready } = useOrganisationTimeZone(reports);
  const recent = presetRange('last30Days', todayIn(timeZone));
  const divisions = useDivisionNames({ from: recent.from, to: recent.to }, reports && ready);
  return (
    <AllTicketsPanel
      ticketHref={(ticket) => ticketPath(user.role, ticket.ticketNumber)}
      divisions={divisions}
      timeZone={timeZone}
      renderExport={(filters) => (
        <ExportButtons
          endpoint={endpoints.exportTickets}
          formats={['csv', 'xlsx']}
          query={toQuery(filters)}
          fallbackName="tickets"
        />
      )}
    />
  );
}
