import { MAX_FILES_PER_UPLOAD, endpoints } from '@bantu/contracts';
import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activeUser, bearerUser, currentUser } from '@/http/auth.plugin';
import { AppError, unauthenticated } from '@/lib/errors';
import { contentDisposition } from '@/lib/file-names';
import { INLINE_TYPES } from './attachments.service';
import { route } from '@/http/route';

/** Parses a single `bytes=` range against the object size; null = whole object. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // multi-range or another unit: serve the whole object
  const [, from, to] = match;
  if (from === '' && to === '') return 'invalid';
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/**
 * Follows the multipart parser: a body without a boundary, with the wrong one, or cut off
 * makes busboy fail the part iterator or a file stream (possibly before the service reads
 * it). `failed` says whether it did, so the route answers 400 instead of letting the parser's
 * plain Error become a 500.
 */
function watchParser(parts: AsyncIterableIterator<Multipart>) {
  let iteratorFailed = false;
  const files: { errored: Error | null }[] = [];
  async function* watched(): AsyncGenerator<Multipart> {
    try {
      for await (const part of parts) {
        if (part.type === 'file') files.push(part.file);
        yield part;
      }
    } catch (error) {
      iteratorFailed = true;
      throw error;
    }
  }
  return {
    parts: watched(),
    get failed() {
      return iteratorFailed || files.some((f) => f.errored !== null);
    },
  };
}

/** The client's broken body: 400, unless the error already is a client error (413 limits...). */
function malformedBody(error: unknown): unknown {
  if (error instanceof AppError && error.status < 500) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new AppError('VALIDATION_FAILED', `The multipart/form-data body is malformed${reason}`, {
    errors: [{ field: 'body', message: 'Malformed multipart/form-data body (boundary missing or wrong, or cut off)' }],
  });
}

export const attachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.attachments;
  const settings = app.services.settings;
  const tags = ['attachments'];

  route(app, endpoints.listAttachments, {
    config: { access: 'authenticated' },
    schema: { tags, summary: "A ticket's files (internal ones only for staff)" },
    handler: async (request) => ({
      items: await service.list(currentUser(request), request.params.id),
      nextCursor: null,
    }),
  });

  route(app, endpoints.uploadAttachments, {
    config: { access: 'attachment:upload' },
    // Refuse an obviously oversized body before reading it.
    preValidation: async (request) => {
      const { uploadMaxBytes } = await settings.get();
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > uploadMaxBytes * MAX_FILES_PER_UPLOAD + 1024 * 1024) {
        throw new AppError(
          'PAYLOAD_TOO_LARGE',
          `Too large: at most ${Math.floor(uploadMaxBytes / 1024 / 1024)} MB per file`,
          {
            headers: { connection: 'close' },
          },
        );
      }
      if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send files as multipart/form-data');
    },
    schema: {
      tags,
      summary: 'Upload files (multipart: optional description and commentId fields first, then up to 10 files)',
      consumes: ['multipart/form-data'],
    },
    handler: async (request, reply) => {
      const { uploadMaxBytes } = await settings.get();
      const parts = request.parts({
        limits: { fileSize: uploadMaxBytes, files: MAX_FILES_PER_UPLOAD, fields: 5, fieldSize: 4096 },
      });
      const parser = watchParser(parts);
      try {
        const items = await service.upload(currentUser(request), request.params.id, parser.parts);
        return reply.code(201).send({ items, nextCursor: null });
      } catch (error) {
        throw parser.failed ? malformedBody(error) : error;
      }
    },
  });

  /** Downloads take a bearer header or the signed `t` token of a downloadUrl. */
  async function downloader(request: FastifyRequest<{ Params: { id: string }; Querystring: { t?: string } }>) {
    if (request.query.t) {
      const userId = await app.downloadTokens.verify(request.query.t, request.params.id);
      if (!userId) throw unauthenticated('This download link has expired; open the ticket again');
      return activeUser(app, userId);
    }
    return bearerUser(app, request);
  }

  async function send(
    request: FastifyRequest<{ Params: { id: string }; Querystring: { t?: string } }>,
    reply: FastifyReply,
    variant: 'file' | 'thumbnail',
  ) {
    const user = await downloader(request);
    const file = await service.open(user, request.params.id, variant);
    const inline = INLINE_TYPES.has(file.fileType) || variant === 'thumbnail';
    reply
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('cache-control', 'private, max-age=300')
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.fileName));
    if (file.redirect && app.storage.signedUrl) {
      const url = await app.storage.signedUrl(file.key, {
        expiresInSeconds: 60,
        fileName: file.fileName,
        contentType: file.fileType,
        inline,
      });
      return reply.redirect(url, 302);
    }
    const head = await app.storage.head(file.key);
    if (!head) throw new AppError('NOT_FOUND', 'The file is missing from storage');
    const range = parseRange(request.headers.range, head.size);
    if (range === 'invalid') {
      return reply.code(416).header('content-range', `bytes */${head.size}`).send();
    }
    const object = await app.storage.get(file.key, range ?? undefined);
    reply.header('accept-ranges', 'bytes').type(file.fileType);
    if (range) {
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${head.size}`)
        .header('content-length', String(range.end - range.start + 1));
    } else {
      reply.header('content-length', String(head.size));
    }
    return reply.send(object.body);
  }

  route(app, endpoints.downloadAttachment, {
    // Public at the router: the bearer header or a signed token is checked inside.
    config: { access: 'public' },
    schema: { tags, summary: 'Download a file (Range supported; images and PDF inline, the rest as attachment)' },
    handler: (request, reply) => send(request, reply, 'file'),
  });

  route(app, endpoints.attachmentThumbnail, {
    config: { access: 'public' },
    schema: { tags, summary: 'Preview of an image (WebP, at most 320 px)' },
    handler: (request, reply) => send(request, reply, 'thumbnail'),
  });

  route(app, endpoints.deleteAttachment, {
    config: { access: 'attachment:upload' },
    schema: { tags, summary: 'Delete a file (staff; requesters their own until the ticket closes)' },
    handler: async (request, reply) => {
      await service.remove(currentUser(request), request.params.id);
      return reply.code(204).send(null);
    },
  });
};
