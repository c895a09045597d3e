import { perUserLimit } from '@/http/user-rate-limit';
import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const ticketsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.tickets;
  const tags = ['tickets'];
  // Requesters and staff share these routes; what each sees is decided in the queries.
  const access = 'authenticated' as const;

  route(app, endpoints.listTickets, {
    config: { access },
    preHandler: perUserLimit(app, 'search', (query) => typeof query.q === 'string' && query.q.length > 0),
    schema: { tags, summary: 'Find tickets (requesters: only their own)' },
    handler: (request) => service.list(currentUser(request), request.query),
  });

  route(app, endpoints.countTickets, {
    config: { access },
    schema: { tags, summary: 'How many tickets a list with these filters and search holds, over all pages' },
    handler: (request) => service.count(currentUser(request), request.query),
  });

  route(app, endpoints.getTicketCounts, {
    config: { access: 'ticket:view_all' },
    schema: { tags, summary: 'Counts for the staff queue tabs' },
    handler: (request) => service.counts(currentUser(request)),
  });

  route(app, endpoints.createTicket, {
    config: { access: 'ticket:create' },
    schema: { tags, summary: 'Report a problem' },
    handler: async (request, reply) => reply.code(201).send(await service.create(currentUser(request), request.body)),
  });

  route(app, endpoints.getTicket, {
    config: { access },
    schema: { tags, summary: 'One ticket, by id or number' },
    handler: (request) => service.get(currentUser(request), request.params.idOrNumber),
  });

  route(app, endpoints.updateTicket, {
    config: { access },
    schema: { tags, summary: 'Edit a ticket (requester: text while OPEN; staff: category and priority)' },
    handler: (request) => service.update(currentUser(request), request.params.id, request.body),
  });

  route(app, endpoints.assignTicket, {
    config: { access: 'ticket:assign' },
    schema: { tags, summary: 'Assign, take, reassign or unassign (null)' },
    handler: (request) =>
      service.assign(currentUser(request), request.params.id, request.body.assigneeId, request.body.version),
  });

  route(app, endpoints.transitionTicket, {
    config: { access },
    schema: { tags, summary: 'Change the status (409 with the allowed targets when the move does not exist)' },
    handler: (request) => service.transition(currentUser(request), request.params.id, request.body),
  });

  route(app, endpoints.listTicketEvents, {
    config: { access },
    schema: { tags, summary: 'History of a ticket' },
    handler: async (request) => ({
      items: await service.events(currentUser(request), request.params.id),
      nextCursor: null,
    }),
  });

  route(app, endpoints.listComments, {
    config: { access },
    schema: { tags, summary: 'The conversation (internal notes only for staff)' },
    handler: async (request) => ({
      items: await service.comments(currentUser(request), request.params.id),
      nextCursor: null,
    }),
  });

  route(app, endpoints.createComment, {
    config: { access: 'ticket:comment' },
    schema: { tags, summary: 'Reply, or add an internal note (staff)' },
    handler: async (request, reply) =>
      reply.code(201).send(await service.addComment(currentUser(request), request.params.id, request.body)),
  });

  route(app, endpoints.listStaff, {
    config: { access: 'ticket:view_all' },
    schema: { tags, summary: 'Active IT staff, for assignment' },
    handler: async () => ({
      items: (await service.staff()).map((s) => ({
        id: s.id,
        name: s.name,
        email: s.email,
        openTickets: Number(s.open_tickets ?? 0),
      })),
      nextCursor: null,
    }),
  });
};
