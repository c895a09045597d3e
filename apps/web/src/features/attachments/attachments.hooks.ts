import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { api, uploadWithProgress, endpoints } from '@/lib/http';
import type { UploadProgress } from '@/lib/http';
import { ticketKeys } from '@/features/tickets/tickets.hooks';

export const attachmentKeys = {
  all: ['attachments'] as const,
  ticket: (ticketId: string) => [...attachmentKeys.all, ticketId] as const,
};

/** A ticket's files; the server leaves out files of internal notes for requesters. */
export function useAttachments(ticketId: string | undefined) {
  return useQuery({
    queryKey: attachmentKeys.ticket(ticketId ?? ''),
    queryFn: ({ signal }) => api(endpoints.listAttachments, { params: { id: ticketId ?? '' }, signal }),
    select: (page) => page.items,
    enabled: ticketId !== undefined,
    // The download links inside are signed for a few minutes only.
    staleTime: 60_000,
    refetchInterval: 4 * 60_000,
  });
}

export function useDeleteAttachment(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(endpoints.deleteAttachment, { params: { id } }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: attachmentKeys.ticket(ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.events(ticketId) }),
      ]),
  });
}

export interface UploadTarget {
  ticketId: string;
  /** Ties the files to a comment of the ticket (internal notes keep their files internal). */
  commentId?: string;
}

/** Uploads files in one multipart request: the text fields first, then the files. */
export function uploadAttachments(
  target: UploadTarget,
  files: File[],
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
) {
  const form = new FormData();
  if (target.commentId) form.append('commentId', target.commentId);
  for (const file of files) form.append('file', file, file.name);
  return uploadWithProgress(endpoints.uploadAttachments, { id: target.ticketId }, form, options);
}

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'error';

export interface UploadItem {
  key: number;
  file: File;
  status: UploadStatus;
  /** 0-100 */
  progress: number;
  error: unknown;
}

/**
 * Uploads with a progress bar per file: each file goes in its own request, so one refused file
 * (413 too large, 415 type not allowed) does not take the others down with it.
 */
export function useAttachmentUploads() {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const nextKey = useRef(1);

  const patch = useCallback((key: number, changes: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.key === key ? { ...item, ...changes } : item)));
  }, []);

  const upload = useCallback(
    async (target: UploadTarget, files: File[]): Promise<{ failed: number }> => {
      const queued = files.map((file) => ({
        key: nextKey.current++,
        file,
        status: 'queued' as const,
        progress: 0,
        error: null,
      }));
      setItems((current) => [...current.filter((item) => item.status !== 'done'), ...queued]);
      let failed = 0;
      for (const item of queued) {
        patch(item.key, { status: 'uploading' });
        try {
          await uploadAttachments(target, [item.file], {
            onProgress: ({ loaded, total }) =>
              patch(item.key, { progress: total > 0 ? Math.min(99, Math.round((loaded / total) * 100)) : 50 }),
          });
          patch(item.key, { status: 'done', progress: 100 });
        } catch (error) {
          failed += 1;
          patch(item.key, { status: 'error', error });
        }
      }
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: attachmentKeys.ticket(target.ticketId) }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.events(target.ticketId) }),
      ]);
      // Uploaded files now show in the ticket's list; only the ones that failed stay here.
      const finished = new Set(queued.map((item) => item.key));
      setItems((current) => current.filter((item) => !(finished.has(item.key) && item.status === 'done')));
      return { failed };
    },
    [patch, queryClient],
  );

  const dismiss = useCallback((key: number) => {
    setItems((current) => current.filter((item) => item.key !== key));
  }, []);

  return {
    items,
    upload,
    dismiss,
    isUploading: items.some((item) => item.status === 'uploading' || item.status === 'queued'),
  };
}
