import { ACTIVE_STATUSES } from '@bantu/contracts';
import { sql, type Insertable, type Kysely, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { SlaLevelAction } from '@bantu/contracts';
import type { Database, SlaClockEventsTable, SlaEscalationLevelsTable } from '@/db/types';
import type { OutboxPayload } from '@/modules/outbox/outbox.definitions';
import { decodeCursor } from '@/lib/cursor';
import { withVisibleTo, type Viewer } from '@/modules/tickets/tickets.visibility';
import { hasReachedRisk, isAtRiskOnly, isPastDeadline, slaStateSql } from './sla.expressions';

type Executor = Kysely<Database>;
const active = [...ACTIVE_STATUSES];

export type LevelRow = Selectable<SlaEscalationLevelsTable>;
export type ClockEventRow = Selectable<SlaClockEventsTable>;

/** `column in (ids)` with the ids as one JSON parameter: a batch of 500 is one bind, not 500. */
const inIds = (column: string, ids: string[]) =>
  sql<SqlBool>`${sql.ref(column)} in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

// ---- calendar and holidays

export function readCalendar(db: Executor) {
  return db
    .selectFrom('sla_calendar')
    .select(['timezone', 'always_open', 'week', 'updated_at'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
}

export function writeCalendar(
  db: Executor,
  values: { timezone: string; always_open: boolean; week: [number, number][][] },
  now: Date,
) {
  return db
    .updateTable('sla_calendar')
    .set({ ...values, week: JSON.stringify(values.week), updated_at: now })
    .where('id', '=', 1)
    .returning(['timezone', 'always_open', 'week', 'updated_at'])
    .executeTakeFirstOrThrow();
}

const holidayColumns = ['id', 'name', 'yearly', 'created_at', sql<string>`date::text`.as('date')] as const;

export function listHolidays(db: Executor) {
  return db
    .selectFrom('sla_holidays')
    .select([...holidayColumns])
    .orderBy('date')
    .execute();
}

export function insertHoliday(db: Executor, values: { date: string; name: string; yearly: boolean }) {
  return db
    .insertInto('sla_holidays')
    .values(values)
    .returning([...holidayColumns])
    .executeTakeFirstOrThrow();
}

/** Inserts what is new; dates already holidays are left as they are. */
export function insertHolidays(db: Executor, values: { date: string; name: string; yearly: boolean }[]) {
  if (values.length === 0) return Promise.resolve([]);
  return db
    .insertInto('sla_holidays')
    .values(values)
    .onConflict((oc) => oc.column('date').doNothing())
    .returning([...holidayColumns])
    .execute();
}

export function updateHoliday(db: Executor, id: string, changes: { date?: string; name?: string; yearly?: boolean }) {
  return db
    .updateTable('sla_holidays')
    .set(changes)
    .where('id', '=', id)
    .returning([...holidayColumns])
    .executeTakeFirst();
}

export function deleteHoliday(db: Executor, id: string) {
  return db.deleteFrom('sla_holidays').where('id', '=', id).executeTakeFirst();
}

export function deleteAllHolidays(db: Executor) {
  return db.deleteFrom('sla_holidays').execute();
}

// ---- escalation levels

export function listLevels(db: Executor, onlyActive = false) {
  return db
    .selectFrom('sla_escalation_levels')
    .selectAll()
    .$if(onlyActive, (qb) => qb.where('is_active', '=', true))
    .orderBy(sql`case action when 'warning' then 0 when 'breach' then 1 else 2 end`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function insertLevel(db: Executor, values: Insertable<SlaEscalationLevelsTable>) {
  return db.insertInto('sla_escalation_levels').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findLevel(db: Executor, id: string) {
  return db.selectFrom('sla_escalation_levels').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateLevel(db: Executor, id: string, changes: Updateable<SlaEscalationLevelsTable>, now: Date) {
  return db
    .updateTable('sla_escalation_levels')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteLevel(db: Executor, id: string) {
  return db.deleteFrom('sla_escalation_levels').where('id', '=', id).executeTakeFirst();
}

// ---- the clock log and fired levels

export function listClockEvents(db: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sla_clock_events')
    .selectAll()
    .where(inIds('ticket_id', ticketIds))
    .orderBy('ticket_id')
    .orderBy('id')
    .execute();
}

export async function insertClockEvents(db: Executor, rows: Insertable<SlaClockEventsTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('sla_clock_events').values(rows).execute();
}

export function listFired(db: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('sla_escalations_fired')
    .select(['ticket_id', 'level_id', 'fired_at'])
    .where(inIds('ticket_id', ticketIds))
    .execute();
}

/** Every active rule with its priority's name (the reference cache holds them by priority). */
export function listActiveRules(db: Executor) {
  return db
    .selectFrom('sla_rules as r')
    .innerJoin('priorities as p', 'p.id', 'r.priority_id')
    .select([
      'r.priority_id',
      'r.duration_hours',
      'r.first_response_hours',
      'r.business_hours',
      'p.name as priority_name',
    ])
    .where('r.is_active', '=', true)
    .execute();
}

export function activeRule(db: Executor, priorityId: string) {
  return db
    .selectFrom('sla_rules as r')
    .innerJoin('priorities as p', 'p.id', 'r.priority_id')
    .select(['r.duration_hours', 'r.first_response_hours', 'r.business_hours', 'p.name as priority_name'])
    .where('r.priority_id', '=', priorityId)
    .where('r.is_active', '=', true)
    .executeTakeFirst();
}

// ---- the monitor

/**
 * Active tickets whose next SLA moment has passed, locked; other workers skip them. NO KEY
 * UPDATE (the monitor never changes the key) so rows that other transactions merely reference
 * (FK checks of new notifications, comments) are not skipped.
 */
export function lockDueTickets(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('tickets')
    .select([
      'id',
      'user_id',
      'assigned_to',
      'priority_id',
      'status',
      'sla_deadline',
      'sla_at_risk_at',
      'first_response_due_at',
    ])
    .where('sla_next_check_at', '<=', now)
    .where('sla_next_check_at', 'is not', null)
    .where('status', 'in', active)
    .orderBy('sla_next_check_at')
    .limit(limit)
    .forNoKeyUpdate()
    .skipLocked()
    .execute();
}

export interface SlaColumns {
  id: string;
  sla_deadline: Date | null;
  sla_at_risk_at: Date | null;
  first_response_due_at: Date | null;
  sla_next_check_at: Date | null;
}

/** One statement for the whole batch (rows travel as one JSON parameter, not thousands). */
export async function updateSlaColumns(db: Executor, rows: SlaColumns[]) {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      d: r.sla_deadline?.toISOString() ?? null,
      r: r.sla_at_risk_at?.toISOString() ?? null,
      f: r.first_response_due_at?.toISOString() ?? null,
      n: r.sla_next_check_at?.toISOString() ?? null,
    })),
  );
  await sql`update tickets t set sla_deadline = v.d, sla_at_risk_at = v.r, first_response_due_at = v.f,
      sla_next_check_at = v.n
    from jsonb_to_recordset(${json}::jsonb) as v(id uuid, d timestamptz, r timestamptz, f timestamptz, n timestamptz)
    where t.id = v.id`.execute(db);
}

export interface Firing {
  ticket_id: string;
  level_id: string;
  clock_kind: 'warning' | 'breached' | 'escalated';
  topic: 'sla.at_risk' | 'sla.breached' | 'sla.escalated';
  /** The outbox payload (also the clock event's data). */
  data: OutboxPayload<'sla.at_risk' | 'sla.breached' | 'sla.escalated'>;
  /** Set for escalations: the level name, recorded in the ticket's history. */
  history_name: string | null;
}

/**
 * Fires levels in one statement: the unique (ticket, level) key admits each pair once, ever;
 * only the admitted pairs get their clock event, outbox event and (escalations) history entry.
 */
export async function recordFirings(db: Executor, firings: Firing[], at: Date) {
  if (firings.length === 0) return [];
  const { rows } = await sql<{ ticket_id: string; level_id: string }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(firings)}::jsonb)
        as i(ticket_id uuid, level_id uuid, clock_kind text, topic text, data jsonb, history_name text)
    ), fired as (
      insert into sla_escalations_fired (ticket_id, level_id, fired_at)
      select ticket_id, level_id, ${at} from input
      on conflict (ticket_id, level_id) do nothing
      returning ticket_id, level_id
    ), won as (
      select i.* from input i join fired f on f.ticket_id = i.ticket_id and f.level_id = i.level_id
    ), clock_rows as (
      insert into sla_clock_events (ticket_id, kind, metric, at, data)
      select ticket_id, clock_kind, 'resolution', ${at}, data from won
    ), outbox_rows as (
      insert into outbox_events (topic, ticket_id, actor_id, payload, created_at)
      select topic, ticket_id, null, data, ${at} from won
    ), history_rows as (
      insert into ticket_events (ticket_id, actor_id, type, field, to_value, data, created_at)
      select ticket_id, null, 'sla_escalated', 'sla', history_name,
        jsonb_build_object('levelId', level_id, 'recipients', data -> 'recipients'), ${at}
      from won where history_name is not null
    )
    select ticket_id::text, level_id::text from won`.execute(db);
  return rows;
}

/** Marks every running clock for the monitor to recompute (after a calendar or level change). */
export function requestRecompute(db: Executor, now: Date) {
  return db
    .updateTable('tickets')
    .set({ sla_next_check_at: now })
    .where('status', 'in', active)
    .where('sla_deadline', 'is not', null)
    .execute();
}

// ---- views

/** At-risk and breached counts of active tickets, per assignee and priority, in one scan of the open tickets. */
export function countAtRiskBreached(db: Executor, now: Date) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('priorities as p', 'p.id', 't.priority_id')
    .leftJoin('users as a', 'a.id', 't.assigned_to')
    .select([
      't.assigned_to',
      'a.name as assignee_name',
      't.priority_id',
      'p.name as priority_name',
      'p.level as priority_level',
      'p.color as priority_color',
      sql<number>`count(*) filter (where ${isAtRiskOnly(now)})`.as('at_risk'),
      sql<number>`count(*) filter (where ${isPastDeadline(now)})`.as('breached'),
    ])
    .where('t.status', 'in', active)
    .where('t.sla_deadline', 'is not', null)
    .where(hasReachedRisk(now))
    .groupBy(['t.assigned_to', 'a.name', 't.priority_id', 'p.name', 'p.level', 'p.color'])
    .execute();
}

/** The at-risk or breached active tickets, soonest deadline first (keyset), with the last level fired. */
export function listSlaTickets(
  db: Executor,
  query: { state: 'at_risk' | 'breached'; assigneeId?: string; priorityId?: string; cursor?: string; limit: number },
  now: Date,
) {
  const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
  return db
    .selectFrom('tickets as t')
    .innerJoin('users as r', 'r.id', 't.user_id')
    .leftJoin('users as a', 'a.id', 't.assigned_to')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .innerJoin('priorities as p', 'p.id', 't.priority_id')
    .select([
      't.id',
      't.ticket_number',
      't.title',
      't.status',
      't.user_id',
      't.assigned_to',
      't.category_id',
      't.priority_id',
      't.sla_deadline',
      't.sla_at_risk_at',
      't.resolved_at',
      't.closed_at',
      't.created_at',
      't.updated_at',
      't.version',
      't.priority_level',
      'r.name as requester_name',
      'a.name as assignee_name',
      'c.name as category_name',
      'p.name as priority_name',
      'p.level as priority_level_current',
      'p.color as priority_color',
    ])
    .select(slaStateSql(now).as('sla_state'))
    .select((eb) =>
      eb
        .selectFrom('sla_escalations_fired as f')
        .innerJoin('sla_escalation_levels as l', 'l.id', 'f.level_id')
        .whereRef('f.ticket_id', '=', 't.id')
        .select(
          sql<{
            id: string;
            name: string;
            action: SlaLevelAction;
            firedAt: string;
          } | null>`json_build_object('id', l.id, 'name', l.name, 'action', l.action, 'firedAt', f.fired_at)`.as('x'),
        )
        .orderBy('f.fired_at', 'desc')
        // Levels fired in the same pass: the later stage (escalation, breach) wins.
        .orderBy(sql`case l.action when 'escalation' then 2 when 'breach' then 1 else 0 end`, 'desc')
        .limit(1)
        .as('last_level'),
    )
    .where('t.status', 'in', ['OPEN', 'IN_PROGRESS', 'ON_HOLD'])
    .where('t.sla_deadline', 'is not', null)
    .where(query.state === 'breached' ? isPastDeadline(now) : isAtRiskOnly(now))
    .$if(query.assigneeId === 'none', (qb) => qb.where('t.assigned_to', 'is', null))
    .$if(query.assigneeId !== undefined && query.assigneeId !== 'none', (qb) =>
      qb.where('t.assigned_to', '=', query.assigneeId!),
    )
    .$if(query.priorityId !== undefined, (qb) => qb.where('t.priority_id', '=', query.priorityId!))
    .$if(after !== undefined, (qb) =>
      qb.where(sql<SqlBool>`(t.sla_deadline, t.id) > (${new Date(after![0])}, ${after![1]})`),
    )
    .orderBy('t.sla_deadline')
    .orderBy('t.id')
    .limit(query.limit + 1)
    .execute();
}

/** The ticket whose SLA clock is shown, if this viewer may see it. */
export function findClockTicket(db: Executor, viewer: Viewer, ticketId: string, now: Date) {
  return db
    .selectFrom('tickets as t')
    .select(['t.id', 't.priority_id', 't.user_id'])
    .select(slaStateSql(now).as('sla_state'))
    .where('t.id', '=', ticketId)
    .$call(withVisibleTo(viewer))
    .executeTakeFirst();
}

export function complianceSince(db: Executor, since: Date, now: Date) {
  return db
    .selectFrom('tickets')
    .select([sql<number>`count(*)`.as('resolved'), sql<number>`count(*) filter (where sla_resolution_met)`.as('met')])
    .where('sla_resolution_met', 'is not', null)
    .where('resolved_at', '>', since)
    .where('resolved_at', '<=', now)
    .executeTakeFirstOrThrow();
}

export function lastComplianceAlert(db: Executor) {
  return db.selectFrom('sla_compliance_alerts').selectAll().orderBy('alerted_at', 'desc').limit(1).executeTakeFirst();
}

export function insertComplianceAlert(
  db: Executor,
  row: { alerted_at: Date; percent: number; resolved: number; met: number; window_days: number; threshold: number },
) {
  return db.insertInto('sla_compliance_alerts').values(row).execute();
}
