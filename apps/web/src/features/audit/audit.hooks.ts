import type { AuditAction } from '@bantu/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, endpoints } from '@/lib/http';

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
      api(endpoints.listAudit, { query: { ...filters, cursor: pageParam ?? undefined, limit: 50 }, signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}
