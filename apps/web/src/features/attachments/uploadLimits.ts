import { useCallback, useRef, useState } from 'react';
import { usePublicSettings } from '@/features/settings/settings.hooks';

export interface UploadLimits {
  maxBytes: number;
  allowedTypes: readonly string[];
}

export type RejectReason = 'tooLarge' | 'unsupportedType';

/** Types some browsers report for files the server recognises as an allowed type. */
const ALIASES: Record<string, string> = {
  'application/x-zip-compressed': 'application/zip',
  'application/vnd.ms-excel': 'text/csv',
};

/**
 * Why a file would be refused, judged in the browser before any byte is sent. The server has
 * the last word (it recognises types from the content): a type the browser cannot name is let
 * through for the server to judge.
 */
export function checkFile(file: Pick<File, 'size' | 'type'>, limits: UploadLimits): RejectReason | null {
  if (file.size > limits.maxBytes) return 'tooLarge';
  const type = file.type.toLowerCase();
  if (!type || type === 'application/octet-stream') return null;
  if (limits.allowedTypes.includes(type)) return null;
  const alias = ALIASES[type];
  if (alias && limits.allowedTypes.includes(alias)) return null;
  return 'unsupportedType';
}

export interface RejectedFile {
  key: number;
  file: File;
  reason: RejectReason;
}

/**
 * Lets through the files the organisation's upload settings allow and keeps a per-file note
 * of the others (until dismissed or the next choice).
 */
export function useUploadGate() {
  const settings = usePublicSettings();
  const [rejected, setRejected] = useState<RejectedFile[]>([]);
  const nextKey = useRef(1);
  const limits: UploadLimits | null = settings.data
    ? { maxBytes: settings.data.uploadMaxBytes, allowedTypes: settings.data.allowedUploadTypes }
    : null;
  const maxBytes = limits?.maxBytes;
  const allowedKey = limits?.allowedTypes.join(',');

  const accept = useCallback(
    (files: File[]): File[] => {
      if (maxBytes === undefined || allowedKey === undefined) return files; // unknown yet: the server decides
      const current = { maxBytes, allowedTypes: allowedKey.split(',') };
      const ok: File[] = [];
      const refused: RejectedFile[] = [];
      for (const file of files) {
        const reason = checkFile(file, current);
        if (reason) refused.push({ key: nextKey.current++, file, reason });
        else ok.push(file);
      }
      setRejected(refused);
      return ok;
    },
    [maxBytes, allowedKey],
  );

  const dismiss = useCallback((key: number) => {
    setRejected((current) => current.filter((item) => item.key !== key));
  }, []);

  return { accept, rejected, dismiss, maxBytes: maxBytes ?? null };
}
