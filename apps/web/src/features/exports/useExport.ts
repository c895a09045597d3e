import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithProgress, saveBlob } from '@/lib/http';
import type { QueryValue, endpoints } from '@/lib/http';
import { notifyProblem, notifySuccess } from '@/ui/notify';

export type ExportFormat = 'csv' | 'xlsx' | 'pdf';

export interface ExportState {
  phase: 'idle' | 'running' | 'done' | 'failed';
  format: ExportFormat | null;
  loaded: number;
  /** 0 while the size is unknown (a streamed answer without Content-Length). */
  total: number;
  filename: string | null;
}

const IDLE: ExportState = { phase: 'idle', format: null, loaded: 0, total: 0, filename: null };

/** The endpoints that answer a file, or 202 when it is made in the background. */
export type ExportEndpoint = typeof endpoints.exportTickets | typeof endpoints.exportReport;

export interface ExportRequest {
  endpoint: ExportEndpoint;
  format: ExportFormat;
  query: Record<string, QueryValue>;
  fallbackName: string;
}

/**
 * Downloads an export with progress (fetch + stream reader), then saves it through a blob link.
 * Not a TanStack mutation: its progress changes many times a second and it is never cached.
 */
export function useExport() {
  const { t } = useTranslation();
  const [state, setState] = useState<ExportState>(IDLE);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(
    (request: ExportRequest) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setState({ ...IDLE, phase: 'running', format: request.format });
      downloadWithProgress(request.endpoint, {
        query: { ...request.query, format: request.format },
        signal: abort.signal,
        onProgress: ({ loaded, total }) => setState((s) => ({ ...s, loaded, total })),
      })
        .then((result) => {
          if (abort.signal.aborted) return;
          if (result.kind === 'queued') {
            setState(IDLE);
            notifySuccess(result.message ?? t('exports.queued'));
            return;
          }
          const name = result.filename ?? `${request.fallbackName}.${request.format}`;
          saveBlob(result.blob, name);
          setState((s) => ({ ...s, phase: 'done', loaded: result.blob.size, filename: name }));
          notifySuccess(t('exports.saved', { name }));
        })
        .catch((error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') {
            setState(IDLE);
            return;
          }
          setState({ ...IDLE, phase: 'failed', format: request.format });
          notifyProblem(error);
        });
    },
    [t],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    setState(IDLE);
  }, []);

  const dismiss = useCallback(() => setState(IDLE), []);

  return { state, start, cancel, dismiss };
}
