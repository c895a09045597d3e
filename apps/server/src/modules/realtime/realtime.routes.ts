import { can } from '@bantu/contracts';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { findActiveUserById } from '@/modules/users/users.repository';
import type { RealtimeMessage } from '@/infra/pubsub/pubsub';

const ClientMessage = z.object({ type: z.literal('viewing'), ticketId: z.uuid().nullable() });

/** Presence entries live this long without a heartbeat (clients resend "viewing" every 20 s). */
const PRESENCE_TTL_MS = 45_000;

/**
 * GET /api/realtime (WebSocket, `?token=<access token>`): pushes "something changed" hints,
 * ticket ids and notification pings, never content, so every refetch goes through the usual
 * permission checks. Also carries who is viewing which ticket, for collision warnings.
 */
export const realtimeRoutes: FastifyPluginAsync = async (app) => {
  // ticketId -> userId -> { name, until }
  const viewers = new Map<string, Map<string, { name: string; until: number }>>();
  const sockets = new Set<{ socket: WebSocket; userId: string; seesAll: boolean; viewing: string | null }>();

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

  const unsubscribe = app.pubsub.subscribe((message: RealtimeMessage) => {
    if (message.kind === 'presence') {
      const map = viewers.get(message.ticketId) ?? new Map<string, { name: string; until: number }>();
      if (message.viewing) map.set(message.userId, { name: message.name, until: Date.now() + PRESENCE_TTL_MS });
      else map.delete(message.userId);
      viewers.set(message.ticketId, map);
      const list = viewersOf(message.ticketId);
      for (const c of sockets)
        if (c.viewing === message.ticketId && c.seesAll)
          send(c.socket, { type: 'viewers', ticketId: message.ticketId, viewers: list });
      return;
    }
    for (const c of sockets) {
      if (message.kind === 'notification') {
        if (message.userIds.includes(c.userId)) send(c.socket, { type: 'notification' });
      } else if (c.seesAll || (message.requesterId === c.userId && !message.internal)) {
        send(c.socket, { type: 'ticket', ticketId: message.ticketId, topic: message.topic });
      }
    }
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    for (const c of sockets) c.socket.close(1001, 'server shutting down');
  });

  app.route({
    method: 'GET',
    url: '/api/realtime',
    config: { access: 'public' },
    schema: {
      tags: ['realtime'],
      summary: 'Live updates (WebSocket; authenticate with ?token=<access token>)',
      querystring: z.object({ token: z.string().max(4000).optional() }),
    },
    // A plain GET gets a problem answer, not the library's empty 404.
    handler: async () => {
      throw new AppError('VALIDATION_FAILED', 400, 'Connect with a WebSocket');
    },
    wsHandler: async (socket: WebSocket, request: FastifyRequest) => {
      const token = (request.query as { token?: string }).token;
      const userId = token ? await app.tokens.verify(token) : null;
      const user = userId ? await findActiveUserById(app.db, userId) : undefined;
      if (!user) {
        socket.close(4401, 'unauthenticated');
        return;
      }
      const client = {
        socket,
        userId: user.id,
        seesAll: can(user.role, 'ticket:view_all'),
        viewing: null as string | null,
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
        if (!parsed.success || !client.seesAll) return;
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
