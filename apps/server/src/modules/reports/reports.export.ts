import { recordAudit } from '@/modules/audit/audit.service';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { can, type ExportFormat, type Permission, type ReportExportResponse } from '@bantu/contracts';
import { sql, type Compilable, type Selectable, type Transaction } from 'kysely';
import type { DB } from '@/db/database';
import type { ReportExportsTable, UserRow, Database } from '@/db/types';
import type { Clock } from '@/infra/infra.plugin';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import { AppError, forbidden, notFound } from '@/lib/errors';
import { sanitizeFileName } from '@/lib/file-names';
import * as tickets from '@/modules/tickets/tickets.repository';
import { filtersOf, type ListQuery } from '@/modules/tickets/tickets.filters';
import { viewerOf } from '@/modules/tickets/tickets.visibility';
import { exportLocale, textFor } from './reports.i18n';
import * as repo from './reports.export.repository';
import { csvStream, writeXlsx, type Cell, type Table } from './reports.writers';

/** Keyset page size of an export: one page of rows is in memory at a time. */
const PAGE_SIZE = 250;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export type ExportUser = Pick<UserRow, 'id' | 'role' | 'locale' | 'name'>;

/** The parsed query of GET /api/tickets/export: the list's query (zod defaults and transforms applied) and a format. */
export type TicketExportParams = Omit<ListQuery, 'limit' | 'cursor'> & { format: 'csv' | 'xlsx' };

/** What one export produces before it is written: tables (CSV/XLSX), or a whole report (PDF). */
export interface ExportSource {
  fileBase: string;
  /** Rows the export will have (sizes it before it starts: inline or job). */
  rowCount: number;
  tables: () => Table[];
  /** PDF only. */
  writePdf?: (filePath: string) => Promise<void>;
}

/**
 * How a kind of export is made; report exports (PDF, metrics) are registered by
 * `reportSource` once the metrics service is wired (reports.export.routes.ts).
 */
export type SourceFactory = (user: ExportUser, params: Record<string, unknown>, now: Date) => Promise<ExportSource>;

export interface ExportDeps {
  db: DB;
  /** Exports read here (the replica of DATABASE_READ_URL when set). */
  readDb?: DB;
  clock: Clock;
  storage: ObjectStorage;
  limits: { inlineMaxRows: number; linkTtlHours: number };
  /** Queues the job of a background export in the caller's transaction. */
  enqueue: (trx: Transaction<Database>, exportId: string) => Promise<void>;
  reportSource?: SourceFactory;
}

const enginesByDb = new WeakMap<DB, Promise<'pglite' | 'postgres'>>();
/** PGlite or a PostgreSQL server (asked once per database handle). */
export function engineOf(db: DB): Promise<'pglite' | 'postgres'> {
  let engine = enginesByDb.get(db);
  if (!engine) {
    engine = sql<{ v: string }>`select version() as v`
      .execute(db)
      .then((r) => (/pglite/i.test(r.rows[0]?.v ?? '') ? 'pglite' : 'postgres'));
    enginesByDb.set(db, engine);
  }
  return engine;
}

/**
 * The rows of a query in batches through one server-side cursor (DECLARE ... FETCH), in a
 * read-only transaction of its own: one plan and one snapshot for the whole export, no re-query
 * per page. A batch is fetched only when the consumer asks for the next one (backpressure), or,
 * with `readAhead`, one batch ahead: PostgreSQL reads the next batch while the consumer writes
 * this one, so at most two batches are in memory (docs/performance.md, "Reports and exports,
 * 2026-12-04"). Stopping early (the client went away) waits for a batch in flight, closes the
 * cursor and ends the transaction.
 */
export async function* cursorBatches<R>(
  db: DB,
  query: Compilable<R>,
  batchSize: number,
  options: { readAhead?: boolean } = {},
): AsyncGenerator<R[]> {
  const trx = await db.startTransaction().setAccessMode('read only').execute();
  const fetch = () => sql<R>`fetch forward ${sql.lit(batchSize)} from export_cursor`.execute(trx).then((r) => r.rows);
  let next: Promise<R[]> | undefined;
  try {
    const compiled = query.compile();
    await trx.executeQuery({
      ...compiled,
      sql: `declare export_cursor no scroll cursor for ${compiled.sql}`,
    });
    next = fetch();
    for (;;) {
      const rows = await next;
      next = undefined;
      if (rows.length === 0) break;
      const more = rows.length === batchSize;
      // With readAhead the next batch is fetched while the consumer writes this one.
      if (more && options.readAhead) next = fetch();
      yield rows;
      if (!more) break;
      next ??= fetch();
    }
  } finally {
    // A batch still in flight (the consumer stopped early) is awaited before the rollback.
    if (next) await next.catch(() => undefined);
    await trx.rollback().execute();
  }
}

/** Rows an export fetches per round trip of its cursor. */
const CURSOR_BATCH = 2000;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The ticket list as a table: the list's own keyset pages, read one at a time as the file is written. */
export async function ticketSource(
  db: DB,
  user: ExportUser,
  query: TicketExportParams,
  now: Date,
): Promise<ExportSource> {
  const locale = exportLocale(user.locale);
  const t = textFor(locale);
  const { format, ...listQuery } = query;
  const viewer = viewerOf(user);
  const filters = filtersOf(user, { ...listQuery, limit: PAGE_SIZE });
  const rowCount = await tickets.countListedTickets(db, viewer, filters, now);
  const columns = [
    { header: t.ticketNumber, width: 20 },
    { header: t.title, width: 40 },
    { header: t.status, width: 14 },
    { header: t.priority, width: 12 },
    { header: t.category, width: 18 },
    { header: t.requester, width: 24 },
    { header: t.assignee, width: 24 },
    { header: t.slaState, width: 14 },
    { header: t.slaDeadline, width: 20, numFmt: 'yyyy-mm-dd hh:mm' },
    { header: t.createdAt, width: 20, numFmt: 'yyyy-mm-dd hh:mm' },
    { header: t.resolvedAt, width: 20, numFmt: 'yyyy-mm-dd hh:mm' },
    { header: t.closedAt, width: 20, numFmt: 'yyyy-mm-dd hh:mm' },
  ];
  const toCells = (r: tickets.TicketExportRow): Cell[] => [
    r.ticket_number,
    r.title,
    t.status_[r.status],
    r.priority_name,
    r.category_name,
    r.requester_name,
    r.assignee_name,
    t.sla_[r.sla_state],
    r.sla_deadline,
    r.created_at,
    r.resolved_at,
    r.closed_at,
  ];
  // On PostgreSQL one cursor over the list's rows (visibility, filters, search and order of the
  // list); on PGlite (one connection: a long transaction would hold up the app) the list's own
  // keyset pages. Either way a batch is read only when the writer wants more, and rows go
  // straight to cells without the API's nested summary objects.
  async function* pages(): AsyncGenerator<Cell[][]> {
    if ((await engineOf(db)) === 'postgres') {
      const { cursor: _cursor, limit: _limit, ...all } = filters;
      // The CSV writes moments as ISO text: PostgreSQL formats them (no Date per field).
      const exported = tickets.exportTicketsQuery(db, viewer, all, now, { isoTimes: format === 'csv' });
      for await (const batch of cursorBatches(db, exported, CURSOR_BATCH, { readAhead: true }))
        yield batch.map(toCells);
      return;
    }
    let cursor: string | undefined;
    do {
      const page = await tickets.listTickets(db, viewer, { ...filters, cursor, limit: PAGE_SIZE }, now);
      yield page.items.map(toCells);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return {
    fileBase: `${t.ticketsFile}-${day(now)}`,
    rowCount,
    tables: () => [{ name: t.ticketsFile, columns, rows: pages() }],
  };
}

const tempPath = (ext: string) => path.join(os.tmpdir(), `bantu-export-${randomUUID()}.${ext}`);

/** Writes an export to a file (temporary, on disk: never whole in memory); answers its size. */
async function writeExport(source: ExportSource, format: ExportFormat, filePath: string): Promise<number> {
  switch (format) {
    case 'csv':
      await pipeline(csvStream(source.tables()), fs.createWriteStream(filePath));
      break;
    case 'xlsx':
      await writeXlsx(source.tables(), filePath);
      break;
    case 'pdf':
      if (!source.writePdf) throw new AppError('VALIDATION_FAILED', 'This export has no PDF form');
      await source.writePdf(filePath);
      break;
  }
  return (await fs.promises.stat(filePath)).size;
}

/** A file that deletes itself once its stream is done (sent, or the client went away). */
function selfRemovingStream(filePath: string): Readable {
  const stream = fs.createReadStream(filePath);
  stream.on('close', () => void fs.promises.rm(filePath, { force: true }));
  return stream;
}

export interface ExportDownload {
  kind: 'file';
  fileName: string;
  contentType: string;
  rowCount: number;
  body: Readable;
  /** Known for spooled files (XLSX, PDF): sent as Content-Length, so a client can show progress. */
  size?: number;
}
export type ExportResult = ExportDownload | { kind: 'queued'; export: ReportExportResponse };

export function toExportResponse(row: Selectable<ReportExportsTable>, now: Date): ReportExportResponse {
  const live = row.status === 'ready' && row.storage_key !== null && (!row.expires_at || row.expires_at > now);
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    status: row.status,
    fileName: row.file_name,
    rowCount: row.row_count,
    sizeBytes: row.size_bytes,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    expiresAt: row.expires_at?.toISOString() ?? null,
    downloadUrl: live ? `/api/reports/exports/${row.id}/download` : null,
  };
}

const REQUIRED: Record<ReportExportsTable['kind'], Permission> = {
  tickets: 'ticket:view_all',
  report: 'report:export',
};

export function exportService(deps: ExportDeps) {
  const { db, clock, storage, limits } = deps;

  async function sourceOf(kind: ReportExportsTable['kind'], user: ExportUser, params: unknown, now: Date) {
    if (kind === 'tickets') return ticketSource(deps.readDb ?? db, user, params as TicketExportParams, now);
    if (!deps.reportSource) throw new AppError('INTERNAL', 'Report exports are not wired');
    return deps.reportSource(user, params as Record<string, unknown>, now);
  }

  /** Streams it now when it is small enough; otherwise queues a job and answers its record. */
  async function exportNow(
    user: ExportUser,
    kind: ReportExportsTable['kind'],
    format: ExportFormat,
    params: Record<string, unknown>,
  ): Promise<ExportResult> {
    if (!can(user.role, REQUIRED[kind])) throw forbidden();
    const now = clock.now();
    const source = await sourceOf(kind, user, params, now);
    const fileName = sanitizeFileName(`${source.fileBase}.${format}`);
    await recordAudit(db, {
      action: kind === 'tickets' ? 'export.tickets' : 'export.report',
      actorId: user.id,
      targetType: 'export',
      after: { format, rows: source.rowCount, params },
    });
    if (source.rowCount > limits.inlineMaxRows) {
      const row = await db.transaction().execute(async (trx) => {
        const created = await repo.insertExport(trx, {
          user_id: user.id,
          kind,
          format,
          params: JSON.stringify(params),
          locale: exportLocale(user.locale),
          file_name: fileName,
          row_count: source.rowCount,
          created_at: now,
        });
        await deps.enqueue(trx, created.id);
        return created;
      });
      return { kind: 'queued', export: toExportResponse(row, now) };
    }
    const base = { kind: 'file' as const, fileName, contentType: CONTENT_TYPES[format], rowCount: source.rowCount };
    if (format === 'csv') return { ...base, body: csvStream(source.tables()) };
    const file = tempPath(format);
    try {
      const size = await writeExport(source, format, file);
      return { ...base, size, body: selfRemovingStream(file) };
    } catch (error) {
      await fs.promises.rm(file, { force: true });
      throw error;
    }
  }

  return {
    exportNow,

    exportTickets(user: ExportUser, query: TicketExportParams) {
      return exportNow(user, 'tickets', query.format, query);
    },

    async get(user: ExportUser, id: string) {
      const row = await repo.findOwnExport(db, user.id, id);
      if (!row) throw notFound('Export');
      return toExportResponse(row, clock.now());
    },

    async list(user: ExportUser) {
      const rows = await repo.listOwnExports(db, user.id, 50);
      return { items: rows.map((r) => toExportResponse(r, clock.now())), nextCursor: null };
    },

    /** The requester's finished file; 404 for anyone else, 410 once it expired. */
    async open(user: ExportUser, id: string) {
      const row = await repo.findOwnExport(db, user.id, id);
      if (!row) throw notFound('Export');
      if (row.status !== 'ready') throw new AppError('NOT_READY', 'The export is not ready yet', { status: 409 });
      if (!row.storage_key || (row.expires_at && row.expires_at <= clock.now())) {
        throw new AppError('NOT_FOUND', 'This export has expired; export again', { status: 410 });
      }
      const object = await storage.get(row.storage_key);
      return {
        fileName: row.file_name,
        contentType: CONTENT_TYPES[row.format],
        size: object.size,
        body: object.body,
      };
    },

    /**
     * The job: makes the file as its requester (visibility and permission checked again now),
     * stores it, then marks the export ready and writes the requester's notification in one
     * transaction. Answers what happened, for the job log.
     */
    async run(exportId: string, attempt: { last: boolean }) {
      const row = await repo.startExport(db, exportId);
      if (!row) return { skipped: 'not pending' };
      const user = await db
        .selectFrom('users')
        .select(['id', 'role', 'locale', 'name', 'status'])
        .where('id', '=', row.user_id)
        .executeTakeFirst();
      if (!user?.status || !can(user.role, REQUIRED[row.kind])) {
        await repo.failExport(db, row.id, 'The requester may no longer export this', clock.now());
        return { failed: 'no permission' };
      }
      const file = tempPath(row.format);
      try {
        const source = await sourceOf(row.kind, user, row.params, row.created_at);
        const size = await writeExport(source, row.format, file);
        const key = `exports/${row.id}`;
        await storage.put(key, fs.createReadStream(file), CONTENT_TYPES[row.format]);
        const now = clock.now();
        const expiresAt = new Date(now.getTime() + limits.linkTtlHours * 3600_000);
        const done = await db.transaction().execute(async (trx) => {
          const completed = await repo.completeExport(trx, row.id, {
            storageKey: key,
            sizeBytes: size,
            rowCount: source.rowCount,
            now,
            expiresAt,
          });
          if (!completed) return null;
          await repo.insertExportNotification(trx, {
            userId: row.user_id,
            actorId: row.user_id,
            now,
            data: {
              ticketNumber: null,
              title: row.file_name,
              actorName: null,
              from: null,
              to: null,
              excerpt: null,
              exportId: row.id,
              export: {
                id: row.id,
                fileName: row.file_name,
                downloadUrl: `/api/reports/exports/${row.id}/download`,
                expiresAt: expiresAt.toISOString(),
              },
            },
          });
          return completed;
        });
        if (!done) await storage.delete(key);
        return { exportId: row.id, rows: source.rowCount, bytes: size };
      } catch (error) {
        if (attempt.last) await repo.failExport(db, row.id, (error as Error).message, clock.now());
        throw error;
      } finally {
        await fs.promises.rm(file, { force: true });
      }
    },

    /** Removes expired files (the rows stay, without a link). */
    async purgeExpired() {
      const expired = await repo.expiredExports(db, clock.now());
      for (const e of expired) {
        await storage.delete(e.storage_key!);
        await repo.forgetExportFile(db, e.id);
      }
      return { purged: expired.length };
    },
  };
}
export type ExportService = ReturnType<typeof exportService>;
