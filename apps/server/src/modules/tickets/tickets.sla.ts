/**
 * Wall-clock SLA targets (the business-hours calendar replaces this in the SLA engine). A
 * deadline is the start plus the target plus all time spent ON_HOLD; the at-risk moment is the
 * same share of the target (slaAtRiskPercent).
 */
export interface SlaTargets {
  durationHours: number;
  firstResponseHours: number | null;
}

const HOUR = 3_600_000;

export function computeSlaDates(start: Date, targets: SlaTargets | null, pausedSeconds: number, atRiskPercent: number) {
  if (!targets) return { sla_deadline: null, sla_at_risk_at: null, first_response_due_at: null };
  const base = start.getTime() + pausedSeconds * 1000;
  return {
    sla_deadline: new Date(base + targets.durationHours * HOUR),
    sla_at_risk_at: new Date(base + (targets.durationHours * HOUR * atRiskPercent) / 100),
    first_response_due_at:
      targets.firstResponseHours === null ? null : new Date(base + targets.firstResponseHours * HOUR),
  };
}
