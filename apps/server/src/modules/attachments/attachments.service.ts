import type { Database } from '@/db/types';
import type { Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import { AttachmentUploadFields, can, type AttachmentResponse } from '@bantu/contracts';
import type { DB } from '@/db/database';
import type { AuthUser } from '@/http/auth.plugin';
import type { Clock } from '@/infra/infra.plugin';
import type { ObjectStorage } from '@/infra/storage/object-storage';
import { AppError, fieldError, forbidden, notFound } from '@/lib/errors';
import { sanitizeFileName } from '@/lib/file-names';
import { sniffStream } from '@/lib/sniff';
import type { DownloadTokens } from '@/lib/tokens';
import { enqueueEvent } from '@/modules/outbox/outbox.repository';
import type { SettingsService } from '@/modules/settings/settings.service';
import { ticketPolicy } from '@/modules/tickets/tickets.policy';
import { findTicketSummary, insertTicketEvents, lockTicket } from '@/modules/tickets/tickets.repository';
import { viewerOf } from '@/modules/tickets/tickets.visibility';
import * as repo from './attachments.repository';

/** sharp (libvips, ~90 ms to load) comes with the first image, not with every start. */
const loadSharp = () => import('sharp').then((module) => module.default);

/** Images we re-encode (dropping EXIF and GPS) and preview; browsers show them safely inline. */
const IMAGE_FORMATS: Record<string, 'jpeg' | 'png' | 'webp' | 'gif'> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};
/** Served inline; everything else (SVG and HTML included) only ever as a download. */
export const INLINE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);

const tooLarge = (max: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${Math.floor(max / 1024 / 1024)} MB`, {
    headers: { connection: 'close' },
  });

export interface AttachmentDeps {
  db: DB;
  storage: ObjectStorage;
  clock: Clock;
  downloadTokens: DownloadTokens;
  settings: SettingsService;
}

interface StoredFile {
  id: string;
  key: string;
  thumbnailKey: string | null;
  fileName: string;
  fileType: string;
  size: number;
}

export function attachmentsService({ db, storage, clock, downloadTokens, settings }: AttachmentDeps) {
  // Staff-side roles (IT staff, managers read-only, admins) see internal notes' files.
  const isStaff = (user: AuthUser) => can(user.role, 'ticket:view_all');

  async function visibleTicket(user: AuthUser, ticketId: string) {
    const ticket = await findTicketSummary(db, viewerOf(user), ticketId, clock.now());
    if (!ticket) throw notFound('Ticket');
    return ticket;
  }

  async function present(user: AuthUser, row: repo.AttachmentWithTicket): Promise<AttachmentResponse> {
    const token = await downloadTokens.sign(user.id, row.id);
    return {
      id: row.id,
      ticketId: row.ticket_id,
      commentId: row.comment_id,
      fileName: row.file_name,
      fileType: row.file_type,
      fileSize: Number(row.file_size),
      description: row.description,
      isInternal: row.is_internal,
      uploadedBy: { id: row.user_id, name: row.uploader_name },
      downloadUrl: `/api/attachments/${row.id}?t=${token}`,
      thumbnailUrl: row.thumbnail_path ? `/api/attachments/${row.id}/thumbnail?t=${token}` : null,
      canDelete: mayDelete(user, row),
      createdAt: row.created_at.toISOString(),
    };
  }

  function mayDelete(user: AuthUser, row: repo.AttachmentWithTicket) {
    return ticketPolicy.canDeleteAttachment(
      user,
      { user_id: row.requester_id, status: row.ticket_status },
      row.user_id,
    );
  }

  /** The ticket row locked in the writing transaction; closed (409) or not this user's to add to (403). */
  async function lockForFiles(trx: Transaction<Database>, user: AuthUser, ticketId: string) {
    const ticket = await lockTicket(trx, viewerOf(user), ticketId);
    if (!ticket) throw notFound('Ticket');
    ticketPolicy.assertWritable(ticket);
    return ticket;
  }

  /** Streams one file to storage: type from content, metadata stripped from images, size capped. */
  async function storeFile(
    ticketId: string,
    part: MultipartFile,
    allowed: string[],
    maxBytes: number,
  ): Promise<StoredFile> {
    const fileName = sanitizeFileName(part.filename);
    const { type, stream } = await sniffStream(part.file, fileName);
    if (!type || !allowed.includes(type)) {
      part.file.resume();
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `"${fileName}" is ${type ?? 'of an unknown type'}, which is not allowed here. Allowed: ${allowed.join(', ')}`,
      );
    }
    // busboy stops at the limit and marks the file truncated: fail the stream at once instead of storing part of it.
    part.file.once('limit', () => stream.destroy(tooLarge(maxBytes)));
    const format = IMAGE_FORMATS[type];
    const body: Readable =
      format && format !== 'gif'
        ? pipeline(stream, (await loadSharp())({ failOn: 'error' }).rotate().toFormat(format), () => undefined)
        : stream;
    const id = randomUUID();
    const key = `tickets/${ticketId}/${id}`;
    let size: number;
    try {
      ({ size } = await storage.put(key, body, type));
    } catch (error) {
      await storage.delete(key).catch(() => undefined);
      if (part.file.truncated) throw tooLarge(maxBytes);
      if (format && !(error instanceof AppError)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `"${fileName}" could not be read as an image`);
      }
      throw error;
    }
    if (part.file.truncated) {
      await storage.delete(key);
      throw tooLarge(maxBytes);
    }
    const thumbnailKey = format ? await makeThumbnail(key) : null;
    return { id, key, thumbnailKey, fileName, fileType: type, size };
  }

  async function makeThumbnail(key: string): Promise<string | null> {
    const thumbnailKey = `${key}.thumb.webp`;
    try {
      const sharp = await loadSharp();
      const { body } = await storage.get(key);
      const resized = pipeline(
        body,
        sharp().rotate().resize(320, 320, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }),
        () => undefined,
      );
      await storage.put(thumbnailKey, resized, 'image/webp');
      return thumbnailKey;
    } catch {
      // A preview is a convenience: the upload stands without one.
      await storage.delete(thumbnailKey).catch(() => undefined);
      return null;
    }
  }

  async function discard(files: StoredFile[]) {
    for (const f of files) {
      await storage.delete(f.key).catch(() => undefined);
      if (f.thumbnailKey) await storage.delete(f.thumbnailKey).catch(() => undefined);
    }
  }

  return {
    async list(user: AuthUser, ticketId: string) {
      await visibleTicket(user, ticketId);
      const rows = await repo.listAttachments(db, ticketId, isStaff(user));
      return Promise.all(rows.map((r) => present(user, r)));
    },

    /**
     * One request, one or more files, all or nothing: every object is stored first, then the
     * rows are written in one transaction; if anything fails, the stored objects are removed.
     */
    async upload(user: AuthUser, ticketId: string, parts: AsyncIterableIterator<Multipart>) {
      // Refused before any byte is stored when already closed; decided again under the row lock below.
      const ticket = await visibleTicket(user, ticketId);
      ticketPolicy.assertWritable(ticket);
      if (!ticketPolicy.can(user, 'attach', ticket)) throw forbidden('You cannot add files to this ticket');
      const config = await settings.get();
      const fields: Record<string, string> = {};
      const stored: StoredFile[] = [];
      let comment: { id: string; is_internal: boolean } | undefined;
      try {
        for await (const part of parts) {
          if (part.type === 'field') {
            if (typeof part.value === 'string') fields[part.fieldname] = part.value;
            continue;
          }
          if (stored.length === 0) {
            const parsed = AttachmentUploadFields.safeParse(fields);
            if (!parsed.success)
              throw fieldError(
                String(parsed.error.issues[0]?.path[0] ?? 'description'),
                parsed.error.issues[0]?.message ?? 'Invalid',
              );
            if (parsed.data.commentId) {
              comment = await repo.findComment(db, ticketId, parsed.data.commentId);
              if (!comment || (comment.is_internal && !isStaff(user)))
                throw fieldError('commentId', 'No such comment on this ticket');
            }
          }
          stored.push(await storeFile(ticketId, part, config.allowedUploadTypes, config.uploadMaxBytes));
        }
        if (stored.length === 0) throw fieldError('file', 'Attach at least one file');
        const now = clock.now();
        const description = fields.description?.trim() || null;
        await db.transaction().execute(async (trx) => {
          const locked = await lockForFiles(trx, user, ticketId);
          if (!ticketPolicy.can(user, 'attach', locked)) throw forbidden('You cannot add files to this ticket');
          for (const f of stored) {
            await repo.insertAttachment(trx, {
              id: f.id,
              ticket_id: ticketId,
              user_id: user.id,
              comment_id: comment?.id ?? null,
              file_name: f.fileName,
              file_path: f.key,
              file_type: f.fileType,
              file_size: f.size,
              description,
              thumbnail_path: f.thumbnailKey,
              created_at: now,
            });
          }
          await insertTicketEvents(
            trx,
            stored.map((f) => ({
              ticketId,
              actorId: user.id,
              type: 'attachment_added',
              field: 'attachment',
              to: f.fileName,
              data: { attachmentId: f.id, isInternal: comment?.is_internal ?? false },
              at: now,
            })),
          );
          await enqueueEvent(trx, {
            topic: 'ticket.updated',
            ticketId,
            actorId: user.id,
            payload: { attachments: stored.map((f) => f.id), isInternal: comment?.is_internal ?? false },
          });
        });
      } catch (error) {
        await discard(stored);
        throw error;
      }
      const rows = await repo.listAttachments(
        db,
        ticketId,
        true,
        stored.map((f) => f.id),
      );
      // In the order the files were sent.
      const order = new Map(stored.map((f, i) => [f.id, i]));
      rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
      return Promise.all(rows.map((r) => present(user, r)));
    },

    /** Checks permission (404 when the ticket is hidden, 403 when only the file is) and opens the object. */
    async open(user: AuthUser, id: string, variant: 'file' | 'thumbnail') {
      const viewer = viewerOf(user);
      const row = await repo.findAttachment(db, viewer, id);
      if (!row) throw notFound('Attachment');
      if (row.is_internal && !viewer.seesAll) throw forbidden('This file belongs to an internal note');
      const key = variant === 'thumbnail' ? row.thumbnail_path : row.file_path;
      if (!key) throw notFound('Thumbnail');
      const { attachmentDownloadRedirect } = await settings.get();
      return {
        key,
        fileName: variant === 'thumbnail' ? `${row.file_name}.webp` : row.file_name,
        fileType: variant === 'thumbnail' ? 'image/webp' : row.file_type,
        redirect: attachmentDownloadRedirect && storage.signedUrl !== undefined,
      };
    },

    async remove(user: AuthUser, id: string) {
      const viewer = viewerOf(user);
      const row = await repo.findAttachment(db, viewer, id);
      if (!row || (row.is_internal && !viewer.seesAll)) throw notFound('Attachment');
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const ticket = await lockForFiles(trx, user, row.ticket_id);
        if (!ticketPolicy.canDeleteAttachment(user, ticket, row.user_id))
          throw forbidden('You cannot delete this file');
        await repo.softDeleteAttachment(trx, id, user.id, now);
        await insertTicketEvents(trx, [
          {
            ticketId: row.ticket_id,
            actorId: user.id,
            type: 'attachment_deleted',
            field: 'attachment',
            from: row.file_name,
            data: { attachmentId: id, isInternal: row.is_internal },
            at: now,
          },
        ]);
      });
    },
  };
}
export type AttachmentsService = ReturnType<typeof attachmentsService>;
