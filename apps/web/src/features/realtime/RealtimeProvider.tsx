import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { onTicketHintForSla } from '@/features/sla/sla.live';
import { getAccessToken, refreshSession } from '@/lib/http';
import {
  backoffDelay,
  invalidateEverythingLive,
  invalidateNotifications,
  invalidateTicket,
  parseServerMessage,
  realtimeUrl,
} from './realtime';
import type { Viewer } from './realtime';

/** Presence heartbeats: the server forgets a viewer after 45 s without one. */
const VIEWING_INTERVAL_MS = 20_000;
/** The server's close code for a missing, expired or revoked access token. */
const UNAUTHENTICATED = 4401;

interface RealtimeContextValue {
  /** Tells the server which ticket this (staff) user has open; null when they leave it. */
  setViewing: (ticketId: string | null) => void;
  /** Who is on a ticket page, as last pushed by the server. */
  viewers: Readonly<Record<string, Viewer[]>>;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

/**
 * One WebSocket per signed-in session: ticket and notification hints turn into query
 * invalidations, so lists, counts and an open ticket page update without a reload.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const socketRef = useRef<WebSocket | null>(null);
  const viewingRef = useRef<string | null>(null);
  const [viewers, setViewers] = useState<Record<string, Viewer[]>>({});

  const sendViewing = useCallback(() => {
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'viewing', ticketId: viewingRef.current }));
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    let attempt = 0;
    let connectedBefore = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const schedule = () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(() => void connect(), backoffDelay(attempt));
      attempt += 1;
    };

    const connect = async () => {
      if (stopped) return;
      let token = getAccessToken();
      if (!token) {
        // No token yet (or it was dropped): the refresh cookie gets a new one.
        const user = await refreshSession().catch(() => undefined);
        if (user === null || stopped) return; // signed out: the app leaves this layout
        token = getAccessToken();
        if (!token) {
          schedule();
          return;
        }
      }
      const socket = new WebSocket(realtimeUrl(window.location, token));
      socketRef.current = socket;
      socket.onmessage = (event) => {
        const message = parseServerMessage(event.data);
        if (!message) return;
        switch (message.type) {
          case 'ready':
            attempt = 0;
            if (connectedBefore) void invalidateEverythingLive(queryClient);
            connectedBefore = true;
            if (viewingRef.current) sendViewing();
            break;
          case 'ticket':
            void invalidateTicket(queryClient, message.ticketId);
            onTicketHintForSla(queryClient, message.ticketId, message.topic);
            break;
          case 'notification':
            void invalidateNotifications(queryClient);
            break;
          case 'viewers':
            setViewers((current) => ({ ...current, [message.ticketId]: message.viewers }));
            break;
        }
      };
      socket.onclose = (event) => {
        if (socketRef.current === socket) socketRef.current = null;
        if (stopped) return;
        if (event.code === UNAUTHENTICATED) {
          // The access token expired: reconnect once the refresh has brought a new one.
          void refreshSession()
            .catch(() => undefined)
            .then((user) => {
              if (user !== null) schedule();
            });
          return;
        }
        schedule();
      };
    };

    void connect();
    const heartbeat = setInterval(() => {
      if (viewingRef.current) sendViewing();
    }, VIEWING_INTERVAL_MS);

    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      const socket = socketRef.current;
      socketRef.current = null;
      socket?.close(1000, 'signed out');
    };
  }, [queryClient, sendViewing]);

  const setViewing = useCallback(
    (ticketId: string | null) => {
      if (viewingRef.current === ticketId) return;
      const previous = viewingRef.current;
      viewingRef.current = ticketId;
      sendViewing();
      if (previous) {
        setViewers((current) => {
          const next = { ...current };
          delete next[previous];
          return next;
        });
      }
    },
    [sendViewing],
  );

  const value = useMemo(() => ({ setViewing, viewers }), [setViewing, viewers]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/**
 * On a staff ticket page: announces the user as a viewer (with a heartbeat) and returns the
 * other staff members who have the same ticket open.
 */
export function useTicketPresence(ticketId: string | undefined, currentUserId: string, enabled: boolean): Viewer[] {
  const context = useContext(RealtimeContext);
  const setViewing = context?.setViewing;
  const active = enabled && ticketId !== undefined;
  useEffect(() => {
    if (!setViewing || !active || !ticketId) return;
    setViewing(ticketId);
    return () => setViewing(null);
  }, [setViewing, active, ticketId]);
  if (!context || !active || !ticketId) return [];
  return (context.viewers[ticketId] ?? []).filter((viewer) => viewer.id !== currentUserId);
}
