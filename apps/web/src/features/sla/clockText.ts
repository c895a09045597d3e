import type { SlaClockEvent, SlaMetricClock } from '@bantu/contracts';
import type { TFunction } from 'i18next';
import { formatBusinessMinutes } from './businessTime';

type Mode = 'business' | 'wall';

/**
 * "3 h 20 m of business time used, 1 h 05 m paused on hold, overdue by 20 m business time":
 * the answer to "why is this overdue?" in the minutes the clock counts.
 */
export function clockSummary(
  t: TFunction,
  clock: Pick<SlaMetricClock, 'usedMinutes' | 'pausedMinutes' | 'remainingMinutes' | 'clock'>,
  options: { businessHours: boolean; locale: string; pausedOnHoldOnly: boolean },
): string {
  const mode: Mode = options.businessHours ? 'business' : 'wall';
  const time = (minutes: number) => formatBusinessMinutes(minutes, options.locale);
  const parts = [t(`sla.clock.summary.used_${mode}`, { time: time(clock.usedMinutes) })];
  if (clock.pausedMinutes > 0) {
    parts.push(
      options.pausedOnHoldOnly
        ? t('sla.clock.summary.pausedOnHold', { time: time(clock.pausedMinutes) })
        : t('sla.clock.summary.paused', { time: time(clock.pausedMinutes) }),
    );
  }
  if (clock.remainingMinutes < 0) {
    parts.push(t(`sla.clock.summary.overdue_${mode}`, { time: time(clock.remainingMinutes) }));
  } else if (clock.clock === 'met') {
    parts.push(t('sla.clock.summary.spare', { time: time(clock.remainingMinutes) }));
  } else if (clock.clock !== 'missed' && clock.clock !== 'stopped') {
    parts.push(t(`sla.clock.summary.left_${mode}`, { time: time(clock.remainingMinutes) }));
  }
  return parts.join(', ');
}

/**
 * One clock event in words: what happened to the clock and why. On a 24x7 calendar even a
 * business-hours rule counts every minute, so its target is told as 24x7.
 */
export function describeClockEvent(t: TFunction, event: SlaClockEvent, locale: string, alwaysOpen = false): string {
  const target =
    event.resolutionTargetMinutes === null ? '—' : formatBusinessMinutes(event.resolutionTargetMinutes, locale);
  const mode = event.businessHours === false || alwaysOpen ? t('sla.clock.mode.wall') : t('sla.clock.mode.business');
  const level = event.level?.name;
  const recipients = event.recipients?.map((r) => t(`sla.levels.recipient.${r}`)).join(', ');
  const to = level && recipients ? t('sla.clock.event.levelTo', { level, recipients }) : (level ?? '');
  switch (event.kind) {
    case 'started':
      return t('sla.clock.event.started', { priority: event.priority ?? '—', target, mode });
    case 'paused':
      if (event.reason === 'on_hold') return t('sla.clock.event.pausedOnHold');
      if (event.reason === 'resolved') return t('sla.clock.event.pausedResolved');
      if (event.reason === 'closed') return t('sla.clock.event.pausedClosed');
      return t('sla.clock.event.paused');
    case 'resumed':
      return event.reason === 'reopened' ? t('sla.clock.event.resumedReopened') : t('sla.clock.event.resumed');
    case 'target_changed':
      return event.reason === 'recalculated'
        ? t('sla.clock.event.recalculated', { target, mode })
        : t('sla.clock.event.targetChanged', { priority: event.priority ?? '—', target, mode });
    case 'warning':
      return to ? t('sla.clock.event.warningLevel', { to }) : t('sla.clock.event.warning');
    case 'breached':
      return to ? t('sla.clock.event.breachedLevel', { to }) : t('sla.clock.event.breached');
    case 'escalated':
      return to ? t('sla.clock.event.escalatedLevel', { to }) : t('sla.clock.event.escalated');
    case 'fulfilled':
      return event.metric === 'first_response'
        ? t('sla.clock.event.firstResponseMet')
        : t('sla.clock.event.resolutionMet');
    case 'missed':
      return event.metric === 'first_response'
        ? t('sla.clock.event.firstResponseMissed')
        : t('sla.clock.event.resolutionMissed');
  }
}
