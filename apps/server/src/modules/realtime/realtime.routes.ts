import { can, type Role, endpoints } from '@bantu/contracts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { findSessionUser } from '@/modules/users/users.repository';
import type { RealtimeMessage, UserChangeReason } from '@/infra/pubsub/pubsub';
import { liveSessionRoles } from './realtime.repository';
import { route } from '@/http/route';

const ClientMessage = z.object({ type: z.literal('viewing'), ticketId: z.uuid().nullable() });

/** Presence entries live this long without a heartbeat (clients resend "viewing" every 20 s). */
const PRESENCE_TTL_MS = 45_000;

/**
 * How long a socket trusts the role and active state it read: a hint to a socket checked longer
 * ago than this re-reads its user first (one query per hint for all such sockets). This bounds
 * how long a change that reached no "user changed" message (another tool, a lost Redis message)
 * can go unnoticed.
 */
export const RECHECK_MS = 5_000;

/**
 * Close codes of /api/realtime. 4401: no valid token, or the account was deactivated or deleted,
 * or its sessions were ended (password reset): the client refreshes its session and reconnects,
 * or is signed out. 4403: the role changed: the client reconnects and gets the hints of its new
 * role.
 */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_ROLE_CHANGED = 4403;

const closeFor: Record<UserChangeReason, [code: number, reason: string]> = {
  deactivated: [CLOSE_UNAUTHENTICATED, 'account deactivated'],
  deleted: [CLOSE_UNAUTHENTICATED, 'account deleted'],
  sessions_revoked: [CLOSE_UNAUTHENTICATED, 'sessions ended'],
  role_changed: [CLOSE_ROLE_CHANGED, 'role changed'],
};

interface Client {
  socket: WebSocket;
  userId: string;
  /** The sign-in (refresh-token family) behind the socket's token: logout ends the socket too. */
  sessionId: string;
  role: Role;
  seesAll: boolean;
  viewing: string | null;
  /** When the user's role, active state and session were last read from the database (app clock, ms). */
  checkedAt: number;
  closed: boolean;
}

/**
 * GET /api/realtime (WebSocket, `?token=<access token>`): pushes "something changed" hints,
 * ticket ids and notification pings, never content, so every refetch goes through the usual
 * permission checks. Also carries who is viewing which ticket, for collision warnings.
 *
 * A socket follows its account: a "user changed" message (published by the users service when
 * an admin deactivates a user, changes their role or resets their password; every API process
 * receives it through the pub/sub adapter) closes that user's sockets at once, and a socket whose
 * user and session were last checked more than RECHECK_MS ago re-reads them before it gets the
 * next hint: a socket of a session ended by logout gets no further hint and is closed (4401).
 */
export const realtimeRoutes: FastifyPluginAsync = async (app) => {
  // ticketId -> userId -> { name, until }
  const viewers = new Map<string, Map<string, { name: string; until: number }>>();
  const sockets = new Set<Client>();

  const viewersOf = (ticketId: string) => {
    const now = Date.now();
    const map = viewers.get(ticketId);
    if (!map) return [];
    for (const [id, v] of map) if (v.until < now) map.delete(id);
    return [...map.entries()].map(([id, v]) => ({ id, name: v.name }));
  };

  const send = (socket: WebSocket, payload: object) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };

  const close = (client: Client, [code, reason]: [number, string]) => {
    client.closed = true;
    sockets.delete(client);
    client.socket.close(code, reason);
  };

  /** The recipients whose account still allows what they were chosen for; closes the others. */
  const stillValid = async (recipients: Client[]): Promise<Client[]> => {
    const now = app.clock.now().getTime();
    const due = recipients.filter((c) => now - c.checkedAt >= RECHECK_MS);
    if (due.length > 0) {
      const rows = await liveSessionRoles(app.db, [...new Set(due.map((c) => c.sessionId))]);
      const roles = new Map(rows.map((r) => [`${r.id}:${r.sessionId}`, r.role]));
      for (const c of due) {
        const role = roles.get(`${c.userId}:${c.sessionId}`);
        if (role === undefined) close(c, closeFor.sessions_revoked);
        else if (role !== c.role) close(c, closeFor.role_changed);
        else c.checkedAt = now;
      }
    }
    return recipients.filter((c) => !c.closed);
  };

  const deliver = async (recipients: Client[], payload: object) => {
    if (recipients.length === 0) return;
    for (const c of await stillValid(recipients)) send(c.socket, payload);
  };

  const handle = async (message: RealtimeMessage) => {
    const all = [...sockets];
    switch (message.kind) {
      case 'user':
        for (const c of all) if (c.userId === message.userId) close(c, closeFor[message.reason]);
        return;
      case 'presence': {
        const map = viewers.get(message.ticketId) ?? new Map<string, { name: string; until: number }>();
        if (message.viewing) map.set(message.userId, { name: message.name, until: Date.now() + PRESENCE_TTL_MS });
        else map.delete(message.userId);
        viewers.set(message.ticketId, map);
        const list = viewersOf(message.ticketId);
        await deliver(
          all.filter((c) => c.viewing === message.ticketId && c.seesAll),
          { type: 'viewers', ticketId: message.ticketId, viewers: list },
        );
        return;
      }
      case 'notification':
        await deliver(
          all.filter((c) => message.userIds.includes(c.userId)),
          { type: 'notification' },
        );
        return;
      case 'ticket':
        await deliver(
          all.filter((c) => c.seesAll || (message.requesterId === c.userId && !message.internal)),
          { type: 'ticket', ticketId: message.ticketId, topic: message.topic },
        );
        return;
    }
  };

  // One message at a time, in the order they arrive, so a "user changed" message is handled
  // before any hint published after it.
  let queue = Promise.resolve();
  const unsubscribe = app.pubsub.subscribe((message: RealtimeMessage) => {
    queue = queue
      .then(() => handle(message))
      .catch((error: unknown) => app.log.error({ err: error, kind: message.kind }, 'live update not delivered'));
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await queue;
    for (const c of sockets) c.socket.close(1001, 'server shutting down');
  });

  route(app, endpoints.realtime, {
    config: { access: 'public' },
    schema: {
      tags: ['realtime'],
      summary: 'Live updates (WebSocket; authenticate with ?token=<access token>)',
    },
    // A plain GET gets a problem answer, not the library's empty 404.
    handler: async () => {
      throw new AppError('VALIDATION_FAILED', 'Connect with a WebSocket');
    },
    wsHandler: async (socket: WebSocket, request: FastifyRequest) => {
      const token = (request.query as { token?: string }).token;
      const readAt = app.clock.now().getTime();
      // The same rule as every HTTP request (http/auth.plugin.ts): the token's sign-in must
      // still be live, so a token kept after logout or "sign out everywhere" opens no socket.
      const claims = token ? await app.tokens.verifySession(token) : null;
      const sessionId = claims?.sessionId ?? null;
      const user = claims && sessionId ? await findSessionUser(app.db, claims.userId, sessionId) : undefined;
      if (!user || !sessionId) {
        socket.close(CLOSE_UNAUTHENTICATED, 'unauthenticated');
        return;
      }
      // The client may have gone while the user was read: its close event has already fired.
      if (socket.readyState !== socket.OPEN) return;
      const client: Client = {
        socket,
        userId: user.id,
        sessionId,
        role: user.role,
        seesAll: can(user.role, 'ticket:view_all'),
        viewing: null,
        checkedAt: readAt,
        closed: false,
      };
      sockets.add(client);
      send(socket, { type: 'ready' });
      const leave = () => {
        if (client.viewing)
          void app.pubsub.publish({
            kind: 'presence',
            ticketId: client.viewing,
            userId: user.id,
            name: user.name,
            viewing: false,
          });
      };
      socket.on('message', (raw: Buffer) => {
        let parsed;
        try {
          parsed = ClientMessage.safeParse(JSON.parse(raw.toString()));
        } catch {
          return;
        }
        if (!parsed.success || !client.seesAll || client.closed) return;
        if (client.viewing && client.viewing !== parsed.data.ticketId) leave();
        client.viewing = parsed.data.ticketId;
        if (client.viewing)
          void app.pubsub.publish({
            kind: 'presence',
            ticketId: client.viewing,
            userId: user.id,
            name: user.name,
            viewing: true,
          });
      });
      socket.on('close', () => {
        leave();
        sockets.delete(client);
      });
    },
  });
};
