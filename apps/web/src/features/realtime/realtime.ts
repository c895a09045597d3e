import type { TicketResponse } from '@bantu/contracts';
import type { QueryClient } from '@tanstack/react-query';
import { attachmentKeys } from '@/features/attachments/attachments.hooks';
import { notificationKeys } from '@/features/notifications/notifications.hooks';
import { slaKeys } from '@/features/sla/sla.hooks';
import { staffKeys, ticketKeys } from '@/features/tickets/tickets.hooks';

export interface Viewer {
  id: string;
  name: string;
}

/** What the server pushes over /api/realtime: hints only, the data is refetched as usual. */
export type ServerMessage =
  | { type: 'ready' }
  | { type: 'ticket'; ticketId: string; topic?: string }
  | { type: 'notification' }
  | { type: 'viewers'; ticketId: string; viewers: Viewer[] };

export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'string') return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || !('type' in data)) return null;
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'notification':
      return { type: message.type };
    case 'ticket':
      return typeof message.ticketId === 'string'
        ? {
            type: 'ticket',
            ticketId: message.ticketId,
            topic: typeof message.topic === 'string' ? message.topic : undefined,
          }
        : null;
    case 'viewers':
      if (typeof message.ticketId !== 'string' || !Array.isArray(message.viewers)) return null;
      return {
        type: 'viewers',
        ticketId: message.ticketId,
        viewers: (message.viewers as unknown[]).filter(
          (v): v is Viewer =>
            typeof v === 'object' &&
            v !== null &&
            typeof (v as Viewer).id === 'string' &&
            typeof (v as Viewer).name === 'string',
        ),
      };
    default:
      return null;
  }
}

/** The socket's address on this origin: ws:// next to http://, wss:// next to https://. */
export function realtimeUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api/realtime?token=${encodeURIComponent(token)}`;
}

/** Wait before reconnect attempt n (0-based): 1 s, 2 s, 4 s … up to 30 s, with jitter. */
export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.5 + random() / 2));
}

/** A ticket the user can see changed: its lists, counts and everything shown on its page. */
export function invalidateTicket(queryClient: QueryClient, ticketId: string) {
  const [root] = ticketKeys.all;
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: ticketKeys.counts() }),
    // Detail queries are keyed by the URL's reference (usually the ticket number).
    queryClient.invalidateQueries({
      predicate: (query) =>
        query.queryKey[0] === root &&
        query.queryKey[1] === 'detail' &&
        (query.queryKey[2] === ticketId || (query.state.data as TicketResponse | undefined)?.id === ticketId),
    }),
    queryClient.invalidateQueries({ queryKey: ticketKeys.comments(ticketId) }),
    queryClient.invalidateQueries({ queryKey: ticketKeys.events(ticketId) }),
    queryClient.invalidateQueries({ queryKey: attachmentKeys.ticket(ticketId) }),
    queryClient.invalidateQueries({ queryKey: staffKeys.all }),
  ]);
}

export function invalidateNotifications(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: notificationKeys.all });
}

/** After a gap in the connection, anything may have changed. */
export function invalidateEverythingLive(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ticketKeys.all }),
    queryClient.invalidateQueries({ queryKey: attachmentKeys.all }),
    queryClient.invalidateQueries({ queryKey: slaKeys.all }),
    invalidateNotifications(queryClient),
  ]);
}
