import type { SlaClockEventKind, SlaLevelTrigger, SlaMetric } from '@bantu/contracts';
import { addBusinessMinutes, businessMinutesBetween, type BusinessCalendar } from './business-calendar';

/**
 * The SLA clock of one ticket, derived from its append-only log: a pure function of the
 * events, the calendar and "now" (no clock, no I/O), so every deadline can be explained and
 * recomputed, and tests pin instants instead of sleeping.
 *
 * Semantics:
 * - `started` / `target_changed` carry the targets (minutes) and the mode (business hours or
 *   24x7). A new target counts from the start, pauses still excluded (priority change).
 * - `paused` stops the clock (on hold, closed); `resumed` starts it again (resumed, reopened).
 * - `fulfilled` / `missed` with metric `resolution` stop the resolution clock: its deadline is
 *   frozen; a later `resumed` (reopened) undoes the decision and the clock runs on.
 *   With metric `first_response` they stop the first-response clock for good.
 * - While stopped, a deadline is where it would be if the clock had resumed at the stop.
 * - warning / breached / escalated are records of what the monitor did; they change nothing.
 */

export interface ClockLogEntry {
  id?: number | string;
  kind: SlaClockEventKind;
  metric: SlaMetric | null;
  at: Date;
  data: Record<string, unknown>;
}

/** What `started` and `target_changed` carry. */
export interface ClockTargets {
  resolutionMinutes: number | null;
  firstResponseMinutes: number | null;
  businessHours: boolean;
  /** Pause time a ticket had before the clock log existed (migration), added to its targets. */
  carriedPausedMinutes?: number;
}

export type MetricClockState = 'running' | 'paused' | 'met' | 'missed' | 'stopped';

export interface DerivedMetric {
  targetMinutes: number;
  deadline: Date;
  clock: MetricClockState;
  usedMinutes: number;
  pausedMinutes: number;
  remainingMinutes: number;
  decidedAt: Date | null;
  /** The instant at which `minutes` of this metric's clock have run (projected if stopped). */
  momentAt(minutes: number): Date;
}

export interface DerivedClock {
  businessHours: boolean;
  /** The calendar the targets are counted in (24x7 for wall-clock rules or a 24x7 calendar). */
  calendar: BusinessCalendar;
  running: boolean;
  resolution: (DerivedMetric & { atRiskAt: Date }) | null;
  firstResponse: DerivedMetric | null;
}

interface Segment {
  from: number;
  to: number | null;
}

const MINUTE = 60_000;

function targetsOf(data: Record<string, unknown>): ClockTargets {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  return {
    resolutionMinutes: num(data.resolutionMinutes),
    firstResponseMinutes: num(data.firstResponseMinutes),
    businessHours: data.businessHours !== false,
    carriedPausedMinutes: typeof data.carriedPausedMinutes === 'number' ? data.carriedPausedMinutes : 0,
  };
}

/** The calendar a rule counts in: the organisation's, or every minute for 24x7 rules. */
export function calendarFor(businessHours: boolean, calendar: BusinessCalendar): BusinessCalendar {
  return businessHours && !calendar.alwaysOpen ? calendar : { ...calendar, alwaysOpen: true };
}

function metric(
  segments: Segment[],
  pauses: Segment[],
  target: number,
  cal: BusinessCalendar,
  now: number,
  decided: { met: boolean; at: number } | null,
  stoppedBy: string | null,
): DerivedMetric {
  const momentAt = (minutes: number): Date => {
    let remaining = minutes;
    let lastStop = segments.length ? segments[0]!.from : now;
    for (const s of segments) {
      if (s.to === null) return addBusinessMinutes(new Date(s.from), remaining, cal);
      const span = businessMinutesBetween(new Date(s.from), new Date(s.to), cal);
      if (remaining <= span) return addBusinessMinutes(new Date(s.from), remaining, cal);
      remaining -= span;
      lastStop = s.to;
    }
    return addBusinessMinutes(new Date(lastStop), remaining, cal);
  };
  const until = (t: number) => Math.min(t, now);
  let used = 0;
  for (const s of segments) {
    const end = until(s.to ?? now);
    if (end > s.from) used += businessMinutesBetween(new Date(s.from), new Date(end), cal);
  }
  let paused = 0;
  for (const p of pauses) {
    const end = until(p.to ?? now);
    if (end > p.from) paused += businessMinutesBetween(new Date(p.from), new Date(end), cal);
  }
  const running = segments.length > 0 && segments[segments.length - 1]!.to === null;
  const clock: MetricClockState = decided
    ? decided.met
      ? 'met'
      : 'missed'
    : running
      ? 'running'
      : stoppedBy === 'closed'
        ? 'stopped'
        : 'paused';
  return {
    targetMinutes: target,
    deadline: momentAt(target),
    clock,
    usedMinutes: used,
    pausedMinutes: paused,
    remainingMinutes: target - used,
    decidedAt: decided ? new Date(decided.at) : null,
    momentAt,
  };
}

/** Replays the log (ordered oldest first) into the deadlines and minutes of both targets. */
export function deriveClock(
  events: readonly ClockLogEntry[],
  calendar: BusinessCalendar,
  now: Date,
  atRiskPercent: number,
): DerivedClock {
  let targets: ClockTargets | null = null;
  const segments: Segment[] = [];
  const pauses: Segment[] = [];
  let running = false;
  let stoppedBy: string | null = null;
  let resolution: { met: boolean; at: number } | null = null;
  let firstResponse: { met: boolean; at: number } | null = null;

  const stop = (at: number) => {
    const open = segments[segments.length - 1];
    if (running && open) open.to = Math.max(open.from, at);
    running = false;
  };
  const start = (at: number) => {
    if (running) return;
    segments.push({ from: at, to: null });
    running = true;
  };

  for (const e of events) {
    const at = e.at.getTime();
    switch (e.kind) {
      case 'started':
        targets = targetsOf(e.data);
        start(at);
        break;
      case 'target_changed':
        targets = targetsOf(e.data);
        break;
      case 'paused':
        if (!running) break;
        stop(at);
        stoppedBy = typeof e.data.reason === 'string' ? e.data.reason : 'on_hold';
        if (stoppedBy !== 'closed') pauses.push({ from: at, to: null });
        break;
      case 'resumed': {
        if (running || segments.length === 0) break;
        const pause = pauses[pauses.length - 1];
        if (pause && pause.to === null) pause.to = at;
        if (e.data.reason === 'reopened') resolution = null;
        stoppedBy = null;
        start(at);
        break;
      }
      case 'fulfilled':
      case 'missed':
        if (e.metric === 'first_response') {
          firstResponse ??= { met: e.kind === 'fulfilled', at };
        } else {
          resolution = { met: e.kind === 'fulfilled', at };
          stop(at);
          stoppedBy = 'resolved';
        }
        break;
      case 'warning':
      case 'breached':
      case 'escalated':
        break;
    }
  }

  if (!targets || segments.length === 0) {
    return { businessHours: true, calendar, running: false, resolution: null, firstResponse: null };
  }
  const cal = calendarFor(targets.businessHours, calendar);
  const t = now.getTime();
  const carried = targets.carriedPausedMinutes ?? 0;
  let res: DerivedClock['resolution'] = null;
  if (targets.resolutionMinutes !== null) {
    const m = metric(segments, pauses, targets.resolutionMinutes + carried, cal, t, resolution, stoppedBy);
    res = {
      ...m,
      targetMinutes: targets.resolutionMinutes,
      remainingMinutes: m.remainingMinutes,
      atRiskAt: m.momentAt(((targets.resolutionMinutes + carried) * atRiskPercent) / 100),
    };
  }
  let first: DerivedMetric | null = null;
  if (targets.firstResponseMinutes !== null) {
    // The first-response clock shares the resolution clock's run time until its decision.
    const cut = firstResponse?.at;
    const frSegments =
      cut === undefined
        ? segments.map((s) => ({ ...s }))
        : segments
            .filter((s) => s.from < cut || (s.from === cut && s.to === s.from))
            .map((s) => ({ from: s.from, to: s.to === null ? cut : Math.min(s.to, cut) }));
    if (cut !== undefined && frSegments.length === 0) frSegments.push({ from: cut, to: cut });
    const frPauses = pauses
      .filter((p) => cut === undefined || p.from < cut)
      .map((p) => ({ from: p.from, to: cut === undefined ? p.to : Math.min(p.to ?? cut, cut) }));
    const frStoppedBy = cut === undefined ? (resolution ? 'resolved' : stoppedBy) : null;
    first = metric(frSegments, frPauses, targets.firstResponseMinutes + carried, cal, t, firstResponse, frStoppedBy);
    first = { ...first, targetMinutes: targets.firstResponseMinutes };
  }
  return { businessHours: targets.businessHours, calendar: cal, running, resolution: res, firstResponse: first };
}

/** The business-minute mark of the resolution clock at which an escalation level fires. */
export function levelMinutes(
  level: { trigger: SlaLevelTrigger; percent: number | null; offsetMinutes: number | null },
  targetMinutes: number,
  atRiskPercent: number,
): number {
  switch (level.trigger) {
    case 'at_risk':
      return (targetMinutes * atRiskPercent) / 100;
    case 'percent':
      return (targetMinutes * (level.percent ?? 100)) / 100;
    case 'after_deadline':
      return targetMinutes + (level.offsetMinutes ?? 0);
  }
}

/**
 * When a level notifies: at its moment if urgent or the organisation works 24x7; otherwise at
 * the next working minute of the organisation calendar (nobody is paged at night for it).
 */
export function notifyAt(moment: Date, urgent: boolean, organisation: BusinessCalendar): Date {
  if (urgent || organisation.alwaysOpen) return moment;
  return addBusinessMinutes(moment, 0, organisation);
}

export const minutes = (ms: number) => ms / MINUTE;
