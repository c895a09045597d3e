import { ACTIVE_STATUSES } from '@bantu/contracts';
import {
  expressionBuilder,
  sql,
  type Expression,
  type Kysely,
  type RawBuilder,
  type SqlBool,
  type Updateable,
  type Insertable,
} from 'kysely';
import { executePrepared } from '@/db/prepared';
import type { Database, OutboxEventsTable, SlaClockEventsTable, TicketsTable } from '@/db/types';
import { decodeCursor, olderThan, pageOf } from '@/lib/cursor';
import { isPastDeadline, slaStateCondition, slaStateSql } from '@/modules/sla/sla.expressions';
import type { TicketFilters } from './tickets.filters';
import type { TicketEventInput } from './tickets.history';
import { visibleCommentCondition, visibleCondition, withVisibleTo, type Viewer } from './tickets.visibility';

type Executor = Kysely<Database>;

const activeStatuses = [...ACTIVE_STATUSES];

/** Shortest last word matched as a prefix: "pr:*" would collect most of the vocabulary. */
export const MIN_PREFIX_LENGTH = 3;

/**
 * Words of a search, all required: every word but the last exactly, the last as a prefix when it
 * has at least MIN_PREFIX_LENGTH characters ("tidak bisa log" finds "tidak bisa login", "print"
 * finds "printer"; "pr" finds only the word "pr"). A GIN prefix match collects every entry of
 * the prefix before the words are combined, so only the word being typed pays it.
 */
export function toSearchTsQuery(q: string): string | null {
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  const last = words.length - 1;
  return words.length
    ? words.map((w, i) => (i === last && w.length >= MIN_PREFIX_LENGTH ? `${w}:*` : w)).join(' & ')
    : null;
}

/**
 * How a search term is matched against ticket numbers (`PREFIX-YYYYMM-00042`: letters, digits
 * and dashes only, so a term with any other character matches none):
 * - `digits`: a term shaped like a number, typed from its start ("TKT-202612-0004",
 *   "202612-0004", "2026120004"): the number's digits after its prefix start with the term's
 *   digits (btree `tickets_number_digits_idx`); a term with a prefix must also occur in the
 *   number as typed.
 * - `sequence`: a term of digits only is also a sequence number ("42" and "00042" find
 *   TKT-202612-00042 and TKT-202611-00042): equal without leading zeros (btree
 *   `tickets_number_sequence_idx`).
 * - `pattern`: any other term of letters, digits and dashes with a run of at least three
 *   letters or digits: the number contains it (ILIKE through the trigram index; shorter runs
 *   give no trigram to look up, so the whole index would be read).
 * Null: no number can match, or the term is too short to look for inside numbers.
 */
export function numberMatch(
  q: string,
): { digits: string | null; sequence: string | null; pattern: string | null } | { pattern: string } | null {
  const term = q.trim();
  if (!/^[\p{L}\p{N}-]+$/u.test(term)) return null;
  const pattern = `%${term}%`; // no LIKE metacharacters: letters, digits and dashes only
  const prefix = /^[A-Za-z][A-Za-z0-9]*-/.exec(term)?.[0] ?? '';
  if (/^\d+(?:-\d*)?$/.test(term.slice(prefix.length))) {
    const digits = term.slice(prefix.length).replace(/\D/g, '');
    const sequence = /^\d+$/.test(term) ? term.replace(/^0+/, '') || null : null;
    if (digits.length >= MIN_PREFIX_LENGTH || sequence)
      return {
        digits: digits.length >= MIN_PREFIX_LENGTH ? digits : null,
        sequence,
        pattern: prefix ? pattern : null,
      };
  }
  return /[\p{L}\p{N}]{3}/u.test(term) ? { pattern } : null;
}

/**
 * The numeric part of a ticket number: its digits after the prefix (up to the first dash), as
 * `tickets_number_digits_idx` indexes it ('TKT-202612-00042' -> '20261200042').
 */
const numberDigits = sql<string>`regexp_replace(t.ticket_number, '^[^-]*-|[^0-9]', '', 'g')`;
/** Its sequence without leading zeros, as `tickets_number_sequence_idx` indexes it ('42'). */
const numberSequence = sql<string>`ltrim(regexp_replace(t.ticket_number, '^.*-', ''), '0')`;

/**
 * The summary columns. Names of the requester, assignee and category are scalar subqueries
 * rather than joins: the result is the same (foreign keys guarantee the row; a missing assignee
 * gives null as a left join would), but PostgreSQL plans a five-way join of this query in
 * 2-5 ms against 0.3 ms for this shape, more than the 0.2-0.5 ms it takes to run
 * (docs/performance.md).
 */
function baseQuery(db: Executor, now: Date) {
  return db
    .selectFrom('tickets as t')
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
      't.resolved_at',
      't.closed_at',
      't.created_at',
      't.updated_at',
      't.version',
      't.priority_level',
      sql<string>`(select r.name from users as r where r.id = t.user_id)`.as('requester_name'),
      sql<string | null>`(select a.name from users as a where a.id = t.assigned_to)`.as('assignee_name'),
      sql<string>`(select c.name from categories as c where c.id = t.category_id)`.as('category_name'),
      'p.name as priority_name',
      'p.level as priority_level_current',
      'p.color as priority_color',
    ])
    .select(slaStateSql(now).as('sla_state'));
}

export type TicketListRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** Keyset order of a list: each key with its direction, the cursor condition, the cursor of a row. */
function listOrder(f: TicketFilters) {
  switch (f.sort) {
    case 'relevance':
      // With a search, listTickets ranks (searchTiers); the cursor carries the tier. Without
      // one there is nothing to rank: newest first.
      if (f.q === undefined) return listOrder({ ...f, sort: 'newest' });
      return {
        keys: [
          [sql.ref('t.created_at'), 'desc'],
          [sql.ref('t.id'), 'desc'],
        ] as const,
        after: undefined,
        cursorOf: (r: TicketListRow & { search_tier?: number }) => [
          r.search_tier ?? 0,
          r.created_at.toISOString(),
          r.id,
        ],
      };
    case 'newest':
    case 'updated': {
      const column = f.sort === 'newest' ? 't.created_at' : 't.updated_at';
      const after = f.cursor ? decodeCursor(f.cursor, ['timestamp', 'uuid']) : undefined;
      return {
        keys: [
          [sql.ref(column), 'desc'],
          [sql.ref('t.id'), 'desc'],
        ] as const,
        after: after ? olderThan(column, 't.id', after) : undefined,
        cursorOf: (r: TicketListRow) => [(f.sort === 'newest' ? r.created_at : r.updated_at).toISOString(), r.id],
      };
    }
    case 'priority': {
      const after = f.cursor ? decodeCursor(f.cursor, ['integer', 'timestamp', 'uuid']) : undefined;
      return {
        keys: [
          [sql.ref('t.priority_level'), 'asc'],
          [sql.ref('t.created_at'), 'desc'],
          [sql.ref('t.id'), 'desc'],
        ] as const,
        after: after
          ? sql<SqlBool>`(t.priority_level > ${after[0]} or (t.priority_level = ${after[0]} and (t.created_at, t.id) < (${new Date(after[1])}, ${after[2]})))`
          : undefined,
        cursorOf: (r: TicketListRow) => [r.priority_level, r.created_at.toISOString(), r.id],
      };
    }
    case 'sla': {
      const after = f.cursor ? decodeCursor(f.cursor, ['deadline', 'uuid']) : undefined;
      const key = sql`coalesce(t.sla_deadline, 'infinity'::timestamptz)`;
      return {
        keys: [
          [key, 'asc'],
          [sql.ref('t.id'), 'asc'],
        ] as const,
        after: after
          ? sql<SqlBool>`(${key}, t.id) > (${after[0] === 'infinity' ? sql`'infinity'::timestamptz` : new Date(after[0])}, ${after[1]})`
          : undefined,
        cursorOf: (r: TicketListRow) => [r.sla_deadline?.toISOString() ?? 'infinity', r.id],
      };
    }
  }
}

/** Every condition of a list except search: visibility, filters and the cursor, on `t`. */
function listConditions(viewer: Viewer, f: TicketFilters, now: Date, after: Expression<SqlBool> | undefined) {
  const eb = expressionBuilder<Database & { t: TicketsTable }, 't'>();
  const conditions: Expression<SqlBool>[] = [];
  const visible = visibleCondition(viewer);
  if (visible) conditions.push(visible);
  // Literals, not parameters: a prepared list statement's generic plan can then prove the
  // active-ticket partial indexes' predicate (status values are the contract's enum).
  if (f.status !== undefined)
    conditions.push(
      eb(
        't.status',
        'in',
        f.status.map((s) => sql.lit(s)),
      ),
    );
  if (f.priorityId !== undefined) conditions.push(eb('t.priority_id', '=', f.priorityId));
  if (f.categoryId !== undefined) conditions.push(eb('t.category_id', '=', f.categoryId));
  if (f.requesterId !== undefined) conditions.push(eb('t.user_id', '=', f.requesterId));
  if (f.assignee?.kind === 'user') conditions.push(eb('t.assigned_to', '=', f.assignee.id));
  if (f.assignee?.kind === 'none') conditions.push(eb('t.assigned_to', 'is', null));
  if (f.createdFrom !== undefined) conditions.push(eb('t.created_at', '>=', f.createdFrom));
  if (f.createdTo !== undefined) conditions.push(eb('t.created_at', '<', f.createdTo));
  if (f.slaState !== undefined) conditions.push(eb.or(f.slaState.map((s) => slaStateCondition(s, now))));
  if (f.resolvedFrom !== undefined) conditions.push(eb('t.resolved_at', '>=', f.resolvedFrom));
  if (f.resolvedTo !== undefined) conditions.push(eb('t.resolved_at', '<', f.resolvedTo));
  if (f.closedFrom !== undefined) conditions.push(eb('t.closed_at', '>=', f.closedFrom));
  if (f.closedTo !== undefined) conditions.push(eb('t.closed_at', '<', f.closedTo));
  if (f.firstResponseFrom !== undefined) conditions.push(eb('t.first_response_at', '>=', f.firstResponseFrom));
  if (f.firstResponseTo !== undefined) conditions.push(eb('t.first_response_at', '<', f.firstResponseTo));
  // The SLA engine's stored decisions (what the reports count), not today's deadline arithmetic.
  if (f.resolutionSla !== undefined) conditions.push(eb('t.sla_resolution_met', '=', f.resolutionSla === 'met'));
  if (f.firstResponseSla !== undefined)
    conditions.push(eb('t.sla_first_response_met', '=', f.firstResponseSla === 'met'));
  if (f.rating !== undefined) conditions.push(eb('t.rating', 'in', f.rating));
  if (f.rejectedFrom !== undefined || f.rejectedTo !== undefined) {
    // The reopen rate's rejections: a resolution the requester sent back (RESOLVED -> IN_PROGRESS).
    conditions.push(
      eb.exists(
        eb
          .selectFrom('ticket_events as rj')
          .select(sql`1`.as('one'))
          .whereRef('rj.ticket_id', '=', 't.id')
          .where('rj.type', '=', 'status_changed')
          .where('rj.from_value', '=', 'RESOLVED')
          .where('rj.to_value', '=', 'IN_PROGRESS')
          .$if(f.rejectedFrom !== undefined, (qb) => qb.where('rj.created_at', '>=', f.rejectedFrom!))
          .$if(f.rejectedTo !== undefined, (qb) => qb.where('rj.created_at', '<', f.rejectedTo!)),
      ),
    );
  }
  if (f.openAt !== undefined) {
    conditions.push(eb('t.created_at', '<', f.openAt));
    conditions.push(
      sql<SqlBool>`not (t.status in ('RESOLVED', 'CLOSED') and coalesce(t.resolved_at, t.closed_at) < ${f.openAt})`,
    );
  }
  if (f.division === null) conditions.push(eb('t.requester_division', 'is', null));
  else if (f.division !== undefined) conditions.push(eb('t.requester_division', '=', f.division));
  if (after) conditions.push(after);
  return conditions;
}

/**
 * The search alternatives, each a condition on `t`: the ticket number (numberMatch: its digits
 * through a btree, or a trigram substring), words of the title or description (GIN on
 * tickets.search), words of a comment (GIN on ticket_comments.search; a requester's search
 * never looks into internal notes). An alternative that cannot match is left out.
 */
interface SearchBranch {
  condition: Expression<SqlBool>;
  /** Tested on the newest rows first when probedSearch allows (the title and description words). */
  probe?: boolean;
  /** A ticket-number alternative (relevance tier 0). */
  number?: boolean;
  /** The comment alternative (relevance tier 3). */
  comment?: boolean;
}

/** Rows of the list a probe tests before the index page of its alternative runs. */
const PROBE_ROWS = 1000;

/**
 * Whether the title/description alternative first tests the newest PROBE_ROWS tickets of the
 * list: for two words or more, whose frequencies PostgreSQL multiplies as if independent
 * ("tidak bisa login": 378 tickets estimated, 10,205 at 100,000), so it chooses a bitmap of
 * every match and a sort over walking the date index; one word's estimate comes from the
 * statistics and its plan is right. Only in the date orders, which have an index to walk.
 */
function probedSearch(f: TicketFilters): boolean {
  if (f.q === undefined || (f.sort !== 'newest' && f.sort !== 'updated')) return false;
  const number = numberMatch(f.q);
  // A number's parts ("202612-0088") are words too, but a number is not looked for in titles.
  return !(number && 'digits' in number) && (f.q.match(/[\p{L}\p{N}]+/gu)?.length ?? 0) >= 2;
}

function searchBranches(viewer: Viewer, q: string): SearchBranch[] {
  const eb = expressionBuilder<Database & { t: TicketsTable }, 't'>();
  const branches: SearchBranch[] = [];
  const number = numberMatch(q);
  if (number && 'digits' in number) {
    const typed = number.pattern;
    const asTyped = (c: Expression<SqlBool>) => (typed ? eb.and([c, eb('t.ticket_number', 'ilike', typed)]) : c);
    if (number.digits)
      branches.push({
        condition: asTyped(sql<SqlBool>`${numberDigits} like ${`${number.digits}%`}`),
        number: true,
      });
    if (number.sequence)
      branches.push({ condition: sql<SqlBool>`${numberSequence} = ${number.sequence}`, number: true });
  } else if (number) branches.push({ condition: eb('t.ticket_number', 'ilike', number.pattern), number: true });
  const tsquery = toSearchTsQuery(q);
  if (tsquery) {
    branches.push({ condition: sql<SqlBool>`t.search @@ to_tsquery('simple', ${tsquery})`, probe: true });
    branches.push({
      comment: true,
      condition: eb.exists(
        eb
          .selectFrom('ticket_comments as tc')
          .select(sql.lit(1).as('one'))
          .whereRef('tc.ticket_id', '=', 't.id')
          .where(sql<SqlBool>`tc.search @@ to_tsquery('simple', ${tsquery})`)
          .$call((sq) => {
            const visibleComments = visibleCommentCondition(viewer);
            return visibleComments ? sq.where(visibleComments) : sq;
          }),
      ),
    });
  }
  // Nothing to look for (punctuation only): one alternative that matches no ticket.
  return branches.length ? branches : [{ condition: sql<SqlBool>`false` }];
}

/**
 * The search alternatives as relevance tiers, each tier's condition excluding the better ones,
 * so a ticket is in exactly one: 0 the ticket number, 1 the words in the title or description,
 * 2 only in a comment (a requester's never an internal note). Each tier is a page of its own,
 * newest first, as in listTickets. (Exact title words before title prefixes was a tier too:
 * "prefix and not exact" is rare, the planner cannot know it, and walked every ticket.)
 */
function searchTiers(viewer: Viewer, q: string): { tier: number; condition: Expression<SqlBool> }[] {
  const eb = expressionBuilder<Database & { t: TicketsTable }, 't'>();
  const branches = searchBranches(viewer, q);
  const numbers = branches.filter((b) => b.number).map((b) => b.condition);
  const tiers = numbers.map((condition) => ({ tier: 0, condition }));
  const inTicket = branches.find((b) => b.probe)?.condition;
  const inComment = branches.find((b) => b.comment)?.condition;
  if (!inTicket || !inComment) return tiers.length ? tiers : [{ tier: 0, condition: sql<SqlBool>`false` }];
  const notNumber = numbers.length ? [eb.not(eb.or(numbers))] : [];
  tiers.push({ tier: 1, condition: eb.and([inTicket, ...notNumber]) });
  tiers.push({ tier: 2, condition: eb.and([inComment, eb.not(inTicket), ...notNumber]) });
  return tiers;
}

/** A row's relevance tier (searchTiers), for the order and the cursor of a page. */
function searchTierOf(viewer: Viewer, q: string): RawBuilder<number> {
  const tiers = searchTiers(viewer, q);
  return sql<number>`case ${sql.join(
    tiers.map((t) => sql`when ${t.condition} then ${sql.lit(t.tier)}`),
    sql` `,
  )} else 2 end`;
}

type OrderKeys = ReturnType<typeof listOrder>['keys'];

/**
 * The first n ids of one search alternative: the list's conditions and order plus the
 * alternative's condition. With `probe` (a CTE name; see probedSearch), the newest PROBE_ROWS
 * tickets of the list (same conditions, order and cursor) are tested one by one first: when n
 * of them match, they are the first n matches of the whole list; otherwise the index page
 * runs, and its one-time filter keeps it from running at all when the probe was enough.
 */
function searchPage(
  db: Executor,
  conditions: Expression<SqlBool>[],
  keys: OrderKeys,
  condition: Expression<SqlBool>,
  n: number,
  probe: string | null,
) {
  let page = db
    .selectFrom('tickets as t')
    .select('t.id')
    .where((eb) => eb.and([...conditions, condition]));
  for (const [key, direction] of keys) page = page.orderBy(key, direction);
  page = page.limit(n);
  if (!probe) return sql`${page}`;
  let window = db
    .selectFrom('tickets as t')
    .select(['t.id', 't.created_at', 't.updated_at', 't.ticket_number', 't.search'])
    .$if(conditions.length > 0, (qb) => qb.where((eb) => eb.and(conditions)));
  for (const [key, direction] of keys) window = window.orderBy(key, direction);
  let tested = db.selectFrom(window.limit(PROBE_ROWS).as('t')).select(['t.id']).where(condition);
  for (const [key, direction] of keys) tested = tested.orderBy(key, direction);
  const name = sql.raw(probe);
  return sql`(with ${name} as materialized ${tested.limit(n)} select ${name}.id from ${name} where (select count(*) from ${name}) = ${n} union all select s.id from ${page} as s where (select count(*) from ${name}) < ${n})`;
}

/**
 * One page of tickets. Without search it is one index-backed query. With search, an OR of the
 * three alternatives cannot use their indexes together (PostgreSQL would walk every ticket
 * newest first and test each), so each alternative takes its own first page (limit + 1 ids, same
 * conditions, order and cursor) with its own plan, and the page is the first limit + 1 of their
 * union: a ticket found by several alternatives appears once, and keyset paging stays exact
 * because every alternative applies the same cursor.
 */
export async function listTickets(db: Executor, viewer: Viewer, f: TicketFilters, now: Date) {
  const order = listOrder(f);
  const conditions = listConditions(viewer, f, now, order.after);
  let query = baseQuery(db, now);
  if (f.q === undefined) {
    query = query.where((eb) => eb.and(conditions));
  } else if (f.sort === 'relevance') {
    // Tiers are disjoint and each is newest first, so (tier, created_at, id) is an exact keyset:
    // past the cursor's tier a tier starts over, before it a tier is done.
    const after = f.cursor ? decodeCursor(f.cursor, ['integer', 'timestamp', 'uuid']) : undefined;
    const probeWords = probedSearch({ ...f, sort: 'newest' });
    const pages = searchTiers(viewer, f.q)
      .filter(({ tier }) => !after || tier >= after[0])
      .map(({ tier, condition }) => {
        const cursor = after && tier === after[0] ? [olderThan('t.created_at', 't.id', [after[1], after[2]])] : [];
        const probe = probeWords && tier === 1 ? 'probe_1' : null;
        return searchPage(db, [...conditions, ...cursor], order.keys, condition, f.limit + 1, probe);
      });
    const tier = searchTierOf(viewer, f.q);
    const ranked = query
      .select(tier.as('search_tier'))
      .where(pages.length ? sql<SqlBool>`t.id in (${sql.join(pages, sql` union all `)})` : sql<SqlBool>`false`)
      .orderBy(tier, 'asc');
    return pageOf(
      await ranked
        .orderBy('t.created_at', 'desc')
        .orderBy('t.id', 'desc')
        .limit(f.limit + 1)
        .execute(),
      f.limit,
      order.cursorOf,
    );
  } else {
    const n = f.limit + 1;
    const probeWords = probedSearch(f);
    const pages = searchBranches(viewer, f.q).map((branch, i) =>
      searchPage(db, conditions, order.keys, branch.condition, n, probeWords && branch.probe ? `probe_${i}` : null),
    );
    query = query.where(sql<SqlBool>`t.id in (${sql.join(pages, sql` union all `)})`);
  }
  for (const [key, direction] of order.keys) query = query.orderBy(key, direction);
  if (f.q !== undefined) return pageOf(await query.limit(f.limit + 1).execute(), f.limit, order.cursorOf);
  // A list without search has a plan independent of its values: prepared (db/prepared.ts), with
  // the limit (at most 101) a literal too, or PostgreSQL's generic plan, costed for an unknown
  // limit, would lose to planning every call (measured: docs/performance.md, issue 13).
  const rows = await executePrepared(db, query.limit(sql.lit(f.limit + 1)));
  return pageOf(rows, f.limit, order.cursorOf);
}

/**
 * Every ticket of a list (visibility, filters, search and order of `listTickets`; no cursor, no
 * limit) with the columns of an export only: names by joins (one plan for the whole result, as
 * a cursor reads it), no summary objects. Not executed: the export reads it through a cursor.
 * `isoTimes`: the four moments as ISO 8601 UTC text (`Date#toISOString`'s form, millisecond
 * truncated), formatted by PostgreSQL, for the CSV, which writes them so: no Date parsed and
 * printed again per field.
 */
export function exportTicketsQuery(
  db: Executor,
  viewer: Viewer,
  f: Omit<TicketFilters, 'cursor' | 'limit'>,
  now: Date,
  options: { isoTimes?: boolean } = {},
) {
  // Date, or its ISO text with `isoTimes`; null when the ticket has no such moment.
  const moment = (column: 'sla_deadline' | 'created_at' | 'resolved_at' | 'closed_at') =>
    (options.isoTimes
      ? sql<
          Date | string | null
        >`to_char(${sql.ref(`t.${column}`)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql<Date | string | null>`${sql.ref(`t.${column}`)}`
    ).as(column);
  const full = { ...f, limit: 0 } as TicketFilters;
  const order = listOrder(full);
  const conditions = listConditions(viewer, full, now, undefined);
  let query = db
    .selectFrom('tickets as t')
    .innerJoin('priorities as p', 'p.id', 't.priority_id')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .innerJoin('users as r', 'r.id', 't.user_id')
    .leftJoin('users as a', 'a.id', 't.assigned_to')
    .select([
      't.ticket_number',
      't.title',
      't.status',
      'p.name as priority_name',
      'c.name as category_name',
      'r.name as requester_name',
      'a.name as assignee_name',
    ])
    .select([moment('sla_deadline'), moment('created_at'), moment('resolved_at'), moment('closed_at')])
    .select(slaStateSql(now).as('sla_state'));
  if (f.q === undefined) query = query.where((eb) => eb.and(conditions));
  else {
    const ids = searchBranches(viewer, f.q).map((branch) =>
      db
        .selectFrom('tickets as t')
        .select('t.id')
        .where((eb) => eb.and([...conditions, branch.condition])),
    );
    query = query.where(sql<SqlBool>`t.id in (${sql.join(ids, sql` union `)})`);
    if (f.sort === 'relevance') query = query.orderBy(searchTierOf(viewer, f.q), 'asc');
  }
  for (const [key, direction] of order.keys) query = query.orderBy(key, direction);
  return query;
}
export type TicketExportRow = Awaited<ReturnType<ReturnType<typeof exportTicketsQuery>['execute']>>[number];

/** How many tickets a list's filters match (no cursor): sizes an export before it starts. */
export async function countListedTickets(
  db: Executor,
  viewer: Viewer,
  f: Omit<TicketFilters, 'cursor' | 'limit'>,
  now: Date,
) {
  const conditions = listConditions(viewer, { ...f, limit: 0 }, now, undefined);
  let query = db.selectFrom('tickets as t').select((eb) => eb.fn.countAll<number>().as('n'));
  if (f.q === undefined) query = query.where((eb) => eb.and(conditions));
  else {
    const ids = searchBranches(viewer, f.q).map((branch) =>
      db
        .selectFrom('tickets as t')
        .select('t.id')
        .where((eb) => eb.and([...conditions, branch.condition])),
    );
    query = query.where(sql<SqlBool>`t.id in (${sql.join(ids, sql` union `)})`);
  }
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export function findTicketSummary(db: Executor, viewer: Viewer, id: string, now: Date) {
  return baseQuery(db, now).$call(withVisibleTo(viewer)).where('t.id', '=', id).executeTakeFirst();
}

/** The whole row, for the detail page; visibility applied. Accepts an id or a ticket number. */
export async function findTicketDetail(db: Executor, viewer: Viewer, ref: { id?: string; number?: string }, now: Date) {
  const query = baseQuery(db, now)
    .select([
      't.description',
      't.first_response_at',
      't.first_response_due_at',
      't.hold_reason',
      't.resolution_note',
      't.rating',
      't.feedback',
    ])
    .$call(withVisibleTo(viewer))
    .$if(ref.id !== undefined, (qb) => qb.where('t.id', '=', ref.id!))
    .$if(ref.number !== undefined, (qb) => qb.where('t.ticket_number', '=', ref.number!));
  // By primary key or number: one plan whatever the values, prepared (db/prepared.ts).
  return (await executePrepared(db, query))[0];
}

export type TicketDetailRow = NonNullable<Awaited<ReturnType<typeof findTicketDetail>>>;

/** Locks the ticket for a state change; visibility applied so a hidden ticket is "not found". */
export function lockTicket(db: Executor, viewer: Viewer, id: string) {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', id)
    .$call(withVisibleTo(viewer, 'tickets'))
    .forUpdate()
    .executeTakeFirst();
}

export function insertTicket(db: Executor, values: Insertable<TicketsTable>) {
  return db.insertInto('tickets').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Applies changes and bumps the version in one statement. */
export function updateTicket(db: Executor, id: string, changes: Updateable<TicketsTable>, now: Date) {
  return db
    .updateTable('tickets')
    .set({ ...changes, updated_at: now, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

/** Marks activity (a comment) without a new version: comments never conflict with edits. */
export function touchTicket(
  db: Executor,
  id: string,
  changes: Pick<Updateable<TicketsTable>, 'first_response_at'>,
  now: Date,
) {
  return db
    .updateTable('tickets')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Next number of a period (YYYYMM); the counter row stays locked until the transaction ends. */
export async function nextTicketSequence(db: Executor, period: string): Promise<number> {
  const row = await db
    .insertInto('ticket_number_counters')
    .values({ period, last_value: 1 })
    .onConflict((oc) =>
      oc.column('period').doUpdateSet({ last_value: sql<number>`ticket_number_counters.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

/**
 * A new ticket and everything that refers to it, in one statement, the number taken in it: the
 * counter row of the period is locked only from here to the commit that follows (numbers stay
 * gap-free: the statement and its transaction commit or roll back together). The ticket row
 * gets the period's next number; its first clock events, its `created` history entry and its
 * outbox event are inserted alongside (their foreign keys are checked at the statement's end).
 */
export async function insertNewTicket(
  db: Executor,
  values: Omit<Insertable<TicketsTable>, 'ticket_number'> & { id: string },
  number: { prefix: string; period: string },
  related: {
    clockEvents: Insertable<SlaClockEventsTable>[];
    event: TicketEventInput;
    outbox: Insertable<OutboxEventsTable>;
  },
): Promise<string> {
  const counted = db.with('n', (qb) =>
    qb
      .insertInto('ticket_number_counters')
      .values({ period: number.period, last_value: 1 })
      .onConflict((oc) =>
        oc.column('period').doUpdateSet({ last_value: sql<number>`ticket_number_counters.last_value + 1` }),
      )
      .returning('last_value'),
  );
  // No rule, no clock event: the CTE is left out (an INSERT needs at least one row).
  const clocked =
    related.clockEvents.length > 0
      ? counted.with('clock', (qb) => qb.insertInto('sla_clock_events').values(related.clockEvents))
      : counted;
  const row = await clocked
    .with('history', (qb) => qb.insertInto('ticket_events').values(eventRow(related.event)))
    .with('outbox', (qb) => qb.insertInto('outbox_events').values(related.outbox))
    .insertInto('tickets')
    .values({
      ...values,
      // formatTicketNumber's PREFIX-YYYYMM-00042, the sequence padded to 5 digits and growing past them.
      ticket_number: sql<string>`(select ${number.prefix}::text || '-' || ${number.period}::text || '-' || lpad(n.last_value::text, greatest(5, length(n.last_value::text)), '0') from n)`,
    })
    .returning('ticket_number')
    .executeTakeFirstOrThrow();
  return row.ticket_number;
}

export async function countTickets(db: Executor, viewer: Viewer, now: Date) {
  const row = await db
    .selectFrom('tickets as t')
    .where('t.status', 'in', activeStatuses)
    .$call(withVisibleTo(viewer))
    .select([
      sql<number>`count(*) filter (where t.assigned_to is null)`.as('unassigned'),
      sql<number>`count(*) filter (where t.assigned_to = ${viewer.id})`.as('mine'),
      sql<number>`count(*) filter (where t.status = 'OPEN')`.as('open'),
      sql<number>`count(*) filter (where t.status = 'ON_HOLD')`.as('on_hold'),
      sql<number>`count(*) filter (where ${isPastDeadline(now)})`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  return {
    unassigned: Number(row.unassigned),
    mine: Number(row.mine),
    open: Number(row.open),
    onHold: Number(row.on_hold),
    overdue: Number(row.overdue),
  };
}

const eventRow = (e: TicketEventInput) => ({
  ticket_id: e.ticketId,
  actor_id: e.actorId,
  type: e.type,
  field: e.field ?? null,
  from_value: e.from ?? null,
  to_value: e.to ?? null,
  data: e.data === undefined ? undefined : JSON.stringify(e.data),
  created_at: e.at,
});

export function insertTicketEvents(db: Executor, events: TicketEventInput[]) {
  if (events.length === 0) return Promise.resolve();
  return db
    .insertInto('ticket_events')
    .values(events.map(eventRow))
    .execute()
    .then(() => undefined);
}

/** History; events about internal notes' files are left out unless `includeInternal`. */
export function listTicketEvents(db: Executor, ticketId: string, includeInternal: boolean) {
  return db
    .selectFrom('ticket_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select([
      'e.id',
      'e.type',
      'e.field',
      'e.from_value',
      'e.to_value',
      'e.created_at',
      'e.actor_id',
      'u.name as actor_name',
    ])
    .where('e.ticket_id', '=', ticketId)
    .$if(!includeInternal, (qb) =>
      qb.where(sql<boolean>`coalesce((e.data ->> 'isInternal')::boolean, false)`, '=', false),
    )
    .orderBy('e.seq')
    .execute();
}

export function findActiveStaff(db: Executor, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('status', '=', true)
    .where('role', '=', 'it_staff')
    .executeTakeFirst();
}

export function listActiveStaff(db: Executor) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.email'])
    .select((eb) =>
      eb
        .selectFrom('tickets as t')
        .select(sql<number>`count(*)`.as('n'))
        .whereRef('t.assigned_to', '=', 'u.id')
        .where('t.status', 'in', activeStatuses)
        .as('open_tickets'),
    )
    .where('u.role', '=', 'it_staff')
    .where('u.status', '=', true)
    .orderBy('u.name')
    .execute();
}

// ---- what the writers read and change besides the ticket row

export function findUserDivision(db: Executor, userId: string) {
  return db.selectFrom('users').select('division').where('id', '=', userId).executeTakeFirstOrThrow();
}

/** An active user a ticket may be created for. */
export function findActiveRequester(db: Executor, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'division'])
    .where('id', '=', id)
    .where('status', '=', true)
    .executeTakeFirst();
}

export function findActiveCategory(db: Executor, id: string) {
  return db.selectFrom('categories').select('id').where('id', '=', id).where('is_active', '=', true).executeTakeFirst();
}

/** The active priority with this id, or the default one when no id is given. */
export function findActivePriority(db: Executor, id: string | undefined) {
  return db
    .selectFrom('priorities')
    .select(['id', 'level'])
    .where('is_active', '=', true)
    .$if(id !== undefined, (qb) => qb.where('id', '=', id!))
    .$if(id === undefined, (qb) => qb.where('is_default', '=', true))
    .executeTakeFirst();
}

export function findCategories(db: Executor, ids: string[]) {
  return db.selectFrom('categories').select(['id', 'name', 'is_active']).where('id', 'in', ids).execute();
}

export function findPriorities(db: Executor, ids: string[]) {
  return db.selectFrom('priorities').select(['id', 'name', 'level', 'is_active']).where('id', 'in', ids).execute();
}

/** Sets columns of a ticket just inserted (its SLA clock): no new version. */
export async function setTicketColumns(db: Executor, id: string, changes: Updateable<TicketsTable>) {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('tickets').set(changes).where('id', '=', id).execute();
}

/** RESOLVED tickets resolved at or before `cutoff`, oldest first, locked; other workers skip them. */
export function lockResolvedBefore(db: Executor, cutoff: Date, limit: number) {
  return db
    .selectFrom('tickets')
    .select(['id', 'version'])
    .where('status', '=', 'RESOLVED')
    .where('resolved_at', '<=', cutoff)
    .orderBy('resolved_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}
