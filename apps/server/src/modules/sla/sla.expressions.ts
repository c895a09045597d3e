import type { SlaState } from '@bantu/contracts';
import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * The SLA state of a ticket as SQL, owned here and used by every query that shows or filters it
 * (ticket lists and counts, the SLA views). Every expression reads the tickets table as `t`.
 * While ON_HOLD the clock stands still at the moment the hold began.
 */
const clockAt = (now: Date) => sql`coalesce(t.on_hold_since, ${now})`;

/** Past the deadline (true of an active ticket that is breached). */
export function isPastDeadline(now: Date): Expression<SqlBool> {
  return sql<SqlBool>`t.sla_deadline <= ${clockAt(now)}`;
}

/** At risk, not yet breached. */
export function isAtRiskOnly(now: Date): Expression<SqlBool> {
  return sql<SqlBool>`coalesce(t.sla_at_risk_at, t.sla_deadline) <= ${clockAt(now)} and t.sla_deadline > ${clockAt(now)}`;
}

/** Reached the at-risk moment (at risk or breached). */
export function hasReachedRisk(now: Date): Expression<SqlBool> {
  return sql<SqlBool>`coalesce(t.sla_at_risk_at, t.sla_deadline) <= ${clockAt(now)}`;
}

/** The state as a column (`SlaState`). */
export function slaStateSql(now: Date) {
  return sql<SlaState>`case
    when t.status in ('RESOLVED', 'CLOSED') then
      case when t.resolved_at is null or t.sla_deadline is null then 'none'
           when t.resolved_at <= t.sla_deadline then 'met' else 'missed' end
    when t.sla_deadline is null then 'none'
    when ${isPastDeadline(now)} then 'breached'
    when ${hasReachedRisk(now)} then 'at_risk'
    else 'on_track' end`;
}

/** Tickets in one state, as a condition (the list filter `slaState`). */
export function slaStateCondition(state: SlaState, now: Date): Expression<SqlBool> {
  const active = sql`t.status in ('OPEN', 'IN_PROGRESS', 'ON_HOLD')`;
  switch (state) {
    case 'breached':
      return sql<SqlBool>`(${active} and ${isPastDeadline(now)})`;
    case 'at_risk':
      return sql<SqlBool>`(${active} and ${isAtRiskOnly(now)})`;
    case 'on_track':
      return sql<SqlBool>`(${active} and coalesce(t.sla_at_risk_at, t.sla_deadline) > ${clockAt(now)})`;
    case 'met':
      return sql<SqlBool>`(t.resolved_at is not null and t.resolved_at <= t.sla_deadline and t.status in ('RESOLVED', 'CLOSED'))`;
    case 'missed':
      return sql<SqlBool>`(t.resolved_at is not null and t.resolved_at > t.sla_deadline and t.status in ('RESOLVED', 'CLOSED'))`;
    case 'none':
      return sql<SqlBool>`(t.sla_deadline is null or (t.status in ('RESOLVED', 'CLOSED') and t.resolved_at is null))`;
  }
}
