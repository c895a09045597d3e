import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '@/db/types';
import { listComments } from '@/modules/comments/comments.repository';
import {
  countUnread,
  listDeliveries,
  listNotifications,
  lockPendingEvents,
} from '@/modules/notifications/notifications.repository';
import { medians, openNow, sumStats } from '@/modules/reports/reports.repository';
import { countAtRiskBreached, lockDueTickets } from '@/modules/sla/sla.repository';
import { countTickets, findTicketDetail, listTicketEvents, listTickets } from '@/modules/tickets/tickets.repository';
import type { TicketFilters } from '@/modules/tickets/tickets.filters';

/**
 * SQL snapshots of the hot queries (Immich's `queries/*.sql`): each repository function runs
 * against a Kysely that compiles for PostgreSQL and answers no rows, and the SQL it sent is
 * compared with apps/server/queries/<name>.sql. A change in a query's shape fails here until
 * the snapshot is regenerated (`npm run queries:update`), so it shows in review.
 */

const NOW = new Date('2026-11-25T03:00:00Z');
const USER = '00000000-0000-4000-8000-000000000001';
const STAFF = '00000000-0000-4000-8000-000000000002';
const TICKET = '00000000-0000-4000-8000-000000000003';
const requester = { id: USER, seesAll: false };
const staff = { id: STAFF, seesAll: true };
const queue: TicketFilters = { status: ['OPEN', 'IN_PROGRESS', 'ON_HOLD'], sort: 'sla', limit: 25 };

/** Runs `run` against a database that records every query and answers none of them with rows. */
async function captured(run: (db: Kysely<Database>) => Promise<unknown>): Promise<CompiledQuery[]> {
  const queries: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    log: (event) => {
      if (event.level === 'query') queries.push(event.query);
    },
  });
  // Functions that need a row (executeTakeFirstOrThrow) stop after their first query: that one counts.
  await run(db).catch(() => undefined);
  return queries;
}

const BREAK =
  /\s+(?=(?:select|from|inner join|left join|where|group by|order by|limit|union all|union|for update|returning|on conflict)\b)/g;

/** One clause a line, the parameters above: readable in a diff, stable across runs. */
function render(queries: CompiledQuery[]): string {
  return queries
    .map((q) => {
      const params = JSON.stringify(q.parameters.map((p) => (p instanceof Date ? p.toISOString() : p)));
      return `-- params: ${params}\n${q.sql.replace(BREAK, '\n')};\n`;
    })
    .join('\n');
}

const CASES: Record<string, (db: Kysely<Database>) => Promise<unknown>> = {
  'tickets.staff-queue': (db) => listTickets(db, staff, queue, NOW),
  'tickets.my-tickets': (db) => listTickets(db, requester, { sort: 'newest', limit: 25 }, NOW),
  'tickets.search': (db) => listTickets(db, staff, { q: 'printer lantai 3', sort: 'newest', limit: 25 }, NOW),
  'tickets.sla-breached': (db) =>
    listTickets(db, staff, { ...queue, slaState: ['at_risk', 'breached'], sort: 'sla' }, NOW),
  'tickets.page': (db) => findTicketDetail(db, requester, { number: 'TKT-202611-00042' }, NOW),
  'tickets.page-history': (db) => listTicketEvents(db, TICKET, false),
  'tickets.page-comments': (db) => listComments(db, TICKET, { includeInternal: false }),
  'tickets.counts': (db) => countTickets(db, staff, NOW),
  'sla.at-risk-breached-counts': (db) => countAtRiskBreached(db, NOW),
  'sla.monitor-due': (db) => lockDueTickets(db, NOW, 200),
  'reports.dashboard-sums': (db) =>
    sumStats(db, {
      grain: 3600,
      from: new Date('2026-11-01T00:00:00Z'),
      to: NOW,
      filters: {},
      trend: { granularity: 'day', tz: 'Asia/Jakarta' },
    }),
  'reports.dashboard-open-now': (db) => openNow(db, { grain: 2, filters: {}, groupBy: 'assignee' }),
  'reports.dashboard-medians': (db) =>
    medians(db, { metric: 'resolution', from: new Date('2026-11-01T00:00:00Z'), to: NOW, filters: {} }),
  'notifications.bell': (db) => listNotifications(db, USER, { limit: 20 }),
  'notifications.unread-count': (db) => countUnread(db, USER),
  'notifications.failed-deliveries': (db) => listDeliveries(db, { limit: 50, status: 'failed' }),
  'notifications.outbox-batch': (db) => db.transaction().execute((trx) => lockPendingEvents(trx, 100)),
};

describe('SQL snapshots of the hot queries (apps/server/queries)', () => {
  for (const [name, run] of Object.entries(CASES)) {
    it(name, async () => {
      const queries = await captured(run);
      expect(queries.length).toBeGreaterThan(0);
      await expect(render(queries)).toMatchFileSnapshot(`../queries/${name}.sql`);
    });
  }
});
