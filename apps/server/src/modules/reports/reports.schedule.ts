import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  can,
  type ReportFrequency,
  type ReportQueryParsed,
  type ReportSubscriptionFilters,
  type ReportSubscriptionResponse,
} from '@bantu/contracts';
import { notFound } from '@/lib/errors';
import type { DB } from '@/db/database';
import type { Clock } from '@/infra/infra.plugin';
import type { Mailer } from '@/infra/mail/mailer';
import { exportLocale, textFor } from './reports.i18n';
import type { ExportSource, SourceFactory } from './reports.export';
import * as repo from './reports.export.repository';
import { writeXlsx } from './reports.writers';

const DAY = 86_400_000;

/** Today's date (YYYY-MM-DD) in a time zone. */
export const localDay = (at: Date, tz: string) => at.toLocaleDateString('en-CA', { timeZone: tz });

const addDays = (date: string, n: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};

/** The instant a local day starts in a time zone (00:00 there). */
export function dayStartIn(date: string, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d);
  // Two rounds settle any offset (DST included): shift by what the zone's clock shows at the guess.
  for (let i = 0; i < 2; i++) {
    const shown = new Date(guess).toLocaleString('sv-SE', { timeZone: tz, hour12: false }).replace(' ', 'T') + 'Z';
    guess += Date.UTC(y, m - 1, d) - Date.parse(shown);
  }
  return new Date(guess);
}

/**
 * The last period of a frequency that has ended at `now` in the time zone: yesterday, the last
 * ISO week (Monday to Sunday) or the last calendar month. `first` and `last` are inclusive days.
 */
export function lastFinishedPeriod(frequency: ReportFrequency, now: Date, tz: string) {
  const today = localDay(now, tz);
  let first: string;
  let last: string;
  if (frequency === 'daily') {
    first = last = addDays(today, -1);
  } else if (frequency === 'weekly') {
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    first = addDays(today, -weekday - 7);
    last = addDays(first, 6);
  } else {
    const [y, m] = today.split('-').map(Number) as [number, number];
    first = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
    last = addDays(`${today.slice(0, 8)}01`, -1);
  }
  return { first, last, end: dayStartIn(addDays(last, 1), tz) };
}

export interface ReportFiles {
  pdf: string;
  xlsx: string;
  fileBase: string;
  cleanup(): Promise<void>;
}

/** Writes a report's PDF and XLSX to temporary files (mail attachments stream from them). */
export async function writeReportFiles(source: ExportSource): Promise<ReportFiles> {
  const base = path.join(os.tmpdir(), `bantu-report-${randomUUID()}`);
  const files = { pdf: `${base}.pdf`, xlsx: `${base}.xlsx` };
  const cleanup = async () => {
    await fs.promises.rm(files.pdf, { force: true });
    await fs.promises.rm(files.xlsx, { force: true });
  };
  try {
    await source.writePdf!(files.pdf);
    await writeXlsx(source.tables(), files.xlsx);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { ...files, fileBase: source.fileBase, cleanup };
}

export interface SchedulerDeps {
  db: DB;
  clock: Clock;
  mailer: Mailer;
  fromAddress?: string;
  reportSource: SourceFactory;
  organization: () => Promise<{ name: string; timeZone: string }>;
  /** A claim older than this (its sender died) may be taken again. */
  leaseSeconds?: number;
}

const GRANULARITY: Record<ReportFrequency, ReportQueryParsed['granularity']> = {
  daily: 'day',
  weekly: 'day',
  monthly: 'week',
};

/**
 * Sends each subscription the report of its last finished period, once: the send row of
 * (subscription, period) is claimed in its own transaction before the mail goes out, so a
 * second worker running the same slot finds it taken; a failed send is tried again next run.
 * A subscription made after a period ended starts with the next one.
 */
export function reportScheduler(deps: SchedulerDeps) {
  const { db, clock, mailer } = deps;
  const lease = deps.leaseSeconds ?? 15 * 60;
  return {
    async run() {
      const now = clock.now();
      const org = await deps.organization();
      const subscriptions = await repo.activeSubscriptions(db);
      let sent = 0;
      let failed = 0;
      for (const s of subscriptions) {
        if (!can(s.role, 'report:export')) continue;
        const period = lastFinishedPeriod(s.frequency, now, org.timeZone);
        if (period.end <= s.created_at) continue;
        const claimed = await db.transaction().execute((trx) => repo.claimSend(trx, s.id, period.first, now, lease));
        if (!claimed) continue;
        const locale = exportLocale(s.locale);
        const t = textFor(locale);
        const filters = (s.filters ?? {}) as ReportSubscriptionFilters;
        const query: ReportQueryParsed = {
          ...filters,
          from: period.first,
          to: period.last,
          tz: org.timeZone,
          granularity: GRANULARITY[s.frequency],
        };
        let files: ReportFiles | undefined;
        try {
          const user = { id: s.user_id, role: s.role, locale: s.locale, name: s.name };
          const source = await deps.reportSource(user, query, now);
          files = await writeReportFiles(source);
          const kind = t[s.frequency];
          const label = period.first === period.last ? period.first : `${period.first} – ${period.last}`;
          const text = t.mailBody(s.name, kind, label);
          await mailer.send({
            to: s.email,
            from: deps.fromAddress ?? 'Bantu <no-reply@bantu.local>',
            subject: t.mailSubject(org.name, kind, label),
            text,
            html: `<p>${escapeHtml(text).replace(/\n\n/g, '</p><p>').replace(/\n/g, '<br>')}</p>`,
            messageId: `<report-${s.id}-${period.first}@bantu>`,
            attachments: [
              { filename: `${files.fileBase}.pdf`, path: files.pdf, contentType: 'application/pdf' },
              {
                filename: `${files.fileBase}.xlsx`,
                path: files.xlsx,
                contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              },
            ],
          });
          await repo.finishSend(db, s.id, period.first, { now: clock.now() });
          sent += 1;
        } catch (error) {
          await repo.finishSend(db, s.id, period.first, { now: clock.now(), error: (error as Error).message });
          failed += 1;
        } finally {
          await files?.cleanup();
        }
      }
      return { sent, failed, checked: subscriptions.length, day: Math.floor(now.getTime() / DAY) };
    },
  };
}
export type ReportScheduler = ReturnType<typeof reportScheduler>;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A manager's own subscriptions (nobody sees or deletes another's). */
export function subscriptionsService(db: DB, clock: Clock) {
  const toResponse = (r: Awaited<ReturnType<typeof repo.listSubscriptions>>[number]): ReportSubscriptionResponse => ({
    id: r.id,
    frequency: r.frequency,
    filters: r.filters ?? {},
    createdAt: r.created_at.toISOString(),
    lastSentAt: r.last_sent_at ? new Date(r.last_sent_at).toISOString() : null,
    lastPeriod: r.last_period ?? null,
  });
  return {
    async list(userId: string) {
      return { items: (await repo.listSubscriptions(db, userId)).map(toResponse), nextCursor: null };
    },
    async create(userId: string, frequency: ReportFrequency, filters: ReportSubscriptionFilters) {
      const created = await repo.insertSubscription(db, userId, frequency, filters, clock.now());
      return toResponse({ ...created, last_sent_at: null, last_period: null });
    },
    async remove(userId: string, id: string) {
      const result = await repo.deleteSubscription(db, userId, id);
      if (Number(result.numDeletedRows) === 0) throw notFound('Subscription');
    },
  };
}
