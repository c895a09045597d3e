import { z } from 'zod';
import { Id, Text, Timestamp } from './common';

export const AttachmentResponse = z.object({
  id: Id,
  ticketId: Id,
  commentId: Id.nullable(),
  fileName: z.string().describe('For display only; the stored object has a generated key'),
  fileType: z.string().describe('Detected from the content, not from the name'),
  fileSize: z.number().int(),
  description: z.string().nullable(),
  isInternal: z.boolean().describe('Attached to an internal note: never shown to the requester'),
  uploadedBy: z.object({ id: Id, name: z.string() }),
  downloadUrl: z.string().describe('Signed for the signed-in user; valid for a few minutes'),
  thumbnailUrl: z.string().nullable(),
  canDelete: z.boolean(),
  createdAt: Timestamp,
});
export type AttachmentResponse = z.infer<typeof AttachmentResponse>;

export const AttachmentList = z.object({ items: z.array(AttachmentResponse), nextCursor: z.null() });
export type AttachmentList = z.infer<typeof AttachmentList>;

/** Text fields of the multipart upload; send them before the files. */
export const AttachmentUploadFields = z.object({
  description: Text(1000).optional(),
  commentId: Id.optional().describe('Tie the files to a comment of this ticket'),
});

export const AttachmentDownloadQuery = z.object({
  t: z.string().max(2000).optional().describe('Signed download token from downloadUrl'),
});

/** At most this many files per upload request. */
export const MAX_FILES_PER_UPLOAD = 10;
