import type { Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Reports at scale (issue 12, docs/reports.md "Backlog"): `report_open`, the number of open
 * tickets (OPEN, IN_PROGRESS, ON_HOLD) now per dimension combination, in the grains of
 * report_stats without the hour: 0 = category x priority x assignee x division, 1 = all, 2 =
 * per assignee, 3 = per category, 4 = per priority, 5 = per division. The backlog of a report
 * reads these few rows instead of counting the open tickets (50,000 index entries at 1,000,000
 * tickets, twice per summary). Kept in the transaction of each ticket change with report_stats
 * and refilled by `rebuild-report-stats`; filled here from the tickets so it is right at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE report_open (
      grain smallint NOT NULL,
      category_id uuid,
      priority_id uuid,
      assignee_id uuid,
      division text,
      open integer NOT NULL DEFAULT 0,
      CONSTRAINT report_open_key UNIQUE NULLS NOT DISTINCT (grain, category_id, priority_id, assignee_id, division)
    );
    INSERT INTO report_open (grain, category_id, priority_id, assignee_id, division, open)
    SELECT g.grain, g.c, g.p, g.a, g.d, count(*)
      FROM tickets t
     CROSS JOIN LATERAL (VALUES
       (0, t.category_id, t.priority_id, t.assigned_to, t.requester_division),
       (1, NULL::uuid, NULL::uuid, NULL::uuid, NULL::text),
       (2, NULL, NULL, t.assigned_to, NULL),
       (3, t.category_id, NULL, NULL, NULL),
       (4, NULL, t.priority_id, NULL, NULL),
       (5, NULL, NULL, NULL, t.requester_division)
     ) AS g(grain, c, p, a, d)
     WHERE t.status IN ('OPEN', 'IN_PROGRESS', 'ON_HOLD')
     GROUP BY 1, 2, 3, 4, 5;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `DROP TABLE report_open;`);
}
