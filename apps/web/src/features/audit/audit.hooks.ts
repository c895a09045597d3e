import { AuditPage, type AuditAction } from '@bantu/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { requestJson } from '@/lib/api';

export interface AuditFilters {
  action?: AuditAction;
  actorId?: string;
  from?: string;
  to?: string;
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      requestJson('GET', '/api/audit', {
        query: { ...filters, cursor: pageParam ?? undefined, limit: 50 },
        schema: AuditPage,
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
