import type { AuditAction, AuditEventResponse, AuditExportQuery, AuditListQuery } from '@bantu/contracts';
import { Readable } from 'node:stream';
import type { DB } from '@/db/database';
import { AppError } from '@/lib/errors';
import { decodeCursor, encodeCursor } from '@/lib/cursor';
import { BOM, csvLine } from '@/modules/reports/reports.writers';
import { currentAuditClient } from './audit.context';
import * as repo from './audit.repository';

export interface AuditEntry {
  action: AuditAction;
  /** Who did it; null for anonymous attempts (a failed sign-in of an unknown e-mail). */
  actorId: string | null;
  /** Kept for events without an actor id (the e-mail a failed sign-in tried). */
  actorEmail?: string | null;
  /** Default: the address and user agent of the request being served (null in jobs). */
  ip?: string | null;
  userAgent?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** The changed fields before and after; never secrets (password hashes, TOTP secrets). */
  before?: unknown;
  after?: unknown;
}

/**
 * Records one audit event in the caller's transaction (or on `db` for events that stand
 * alone, such as a failed sign-in): the event exists exactly when the change it describes
 * was committed. This is the one entry point for every module (users, settings, SLA,
 * exports, auth, account, sso).
 *
 *     await db.transaction().execute(async (trx) => {
 *       await repo.updateThing(trx, ...);
 *       await recordAudit(trx, { action: 'sla_rule.updated', actorId, targetType: 'sla_rule',
 *         targetId: id, before: { durationHours: 8 }, after: { durationHours: 4 } });
 *     });
 */
export async function recordAudit(trx: DB, entry: AuditEntry): Promise<void> {
  const client = currentAuditClient();
  await repo.insertAuditEvent(trx, {
    action: entry.action,
    actorId: entry.actorId,
    actorEmail: entry.actorEmail ?? null,
    ip: entry.ip === undefined ? client.ip : entry.ip,
    userAgent: entry.userAgent === undefined ? client.userAgent : entry.userAgent,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: entry.before,
    after: entry.after,
  });
}

/** The fields of `after` that differ from `before`, with both values: what an audit event keeps. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) {
      b[key] = before[key] ?? null;
      a[key] = value;
    }
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}

const toResponse = (r: repo.AuditRow): AuditEventResponse => ({
  id: r.id,
  occurredAt: r.occurred_at.toISOString(),
  action: r.action,
  actorId: r.actor_id,
  actorEmail: r.actor_email,
  actorName: r.actor_name,
  ip: r.ip,
  userAgent: r.user_agent,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before ?? null,
  after: r.after ?? null,
});

const EXPORT_MAX_ROWS = 100_000;
const EXPORT_BATCH = 1000;

export function auditService(db: DB) {
  const checkRange = (q: { from?: string; to?: string }) => {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
      throw new AppError('VALIDATION_FAILED', '`from` must be before `to`', {
        errors: [{ field: 'querystring.to', message: 'Must be after from' }],
      });
    }
  };
  return {
    async list(query: Omit<AuditListQuery, 'limit'> & { limit: number }) {
      checkRange(query);
      const beforeId = query.cursor ? decodeCursor(query.cursor, ['text'] as const)[0] : undefined;
      if (beforeId !== undefined && !/^\d{1,18}$/.test(beforeId)) {
        throw new AppError('VALIDATION_FAILED', 'Invalid cursor', {
          errors: [{ field: 'querystring.cursor', message: 'Invalid cursor' }],
        });
      }
      const rows = await repo.listAuditEvents(db, query, { beforeId, limit: query.limit + 1 });
      const items = rows.slice(0, query.limit);
      return {
        items: items.map(toResponse),
        nextCursor: rows.length > query.limit ? encodeCursor([items.at(-1)!.id]) : null,
      };
    },

    /**
     * The filtered log as CSV (UTF-8 with BOM, formula-safe cells), streamed in batches. The
     * export itself is audited, in the same call, before the first byte goes out.
     */
    async exportCsv(actorId: string, query: AuditExportQuery): Promise<Readable> {
      checkRange(query);
      await recordAudit(db, { action: 'export.audit', actorId, targetType: 'audit', after: query });
      async function* lines() {
        yield (
          BOM +
          csvLine([
            'id',
            'occurred_at',
            'action',
            'actor_email',
            'actor_name',
            'ip',
            'user_agent',
            'target_type',
            'target_id',
            'before',
            'after',
          ])
        );
        let beforeId: string | undefined;
        let sent = 0;
        while (sent < EXPORT_MAX_ROWS) {
          const rows = await repo.listAuditEvents(db, query, { beforeId, limit: EXPORT_BATCH });
          for (const r of rows) {
            yield csvLine([
              r.id,
              r.occurred_at.toISOString(),
              r.action,
              r.actor_email,
              r.actor_name,
              r.ip,
              r.user_agent,
              r.target_type,
              r.target_id,
              r.before == null ? '' : JSON.stringify(r.before),
              r.after == null ? '' : JSON.stringify(r.after),
            ]);
          }
          sent += rows.length;
          if (rows.length < EXPORT_BATCH) return;
          beforeId = rows.at(-1)!.id;
        }
      }
      return Readable.from(lines());
    },
  };
}
