import { perUserLimit } from '@/http/user-rate-limit';
import {
  CommentCreateRequest,
  CommentList,
  CommentResponse,
  StaffList,
  TicketAssignRequest,
  TicketCountResponse,
  TicketCounts,
  TicketCreateRequest,
  TicketEventList,
  TicketListQuery,
  TicketPage,
  TicketParams,
  TicketRefParams,
  TicketResponse,
  TicketTransitionRequest,
  TicketUpdateRequest,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';

export const ticketsRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.tickets;
  const tags = ['tickets'];
  // Requesters and staff share these routes; what each sees is decided in the queries.
  const access = 'authenticated' as const;

  app.get('/api/tickets', {
    config: { access },
    preHandler: perUserLimit(app, 'search', (query) => typeof query.q === 'string' && query.q.length > 0),
    schema: {
      tags,
      summary: 'Find tickets (requesters: only their own)',
      querystring: TicketListQuery,
      response: { 200: TicketPage },
    },
    handler: (request) => service.list(currentUser(request), request.query),
  });

  app.get('/api/tickets/count', {
    config: { access },
    schema: {
      tags,
      summary: 'How many tickets a list with these filters and search holds, over all pages',
      querystring: TicketListQuery,
      response: { 200: TicketCountResponse },
    },
    handler: (request) => service.count(currentUser(request), request.query),
  });

  app.get('/api/tickets/counts', {
    config: { access: 'ticket:view_all' },
    schema: { tags, summary: 'Counts for the staff queue tabs', response: { 200: TicketCounts } },
    handler: (request) => service.counts(currentUser(request)),
  });

  app.post('/api/tickets', {
    config: { access: 'ticket:create' },
    schema: { tags, summary: 'Report a problem', body: TicketCreateRequest, response: { 201: TicketResponse } },
    handler: async (request, reply) => reply.code(201).send(await service.create(currentUser(request), request.body)),
  });

  app.get('/api/tickets/:idOrNumber', {
    config: { access },
    schema: {
      tags,
      summary: 'One ticket, by id or number',
      params: TicketRefParams,
      response: { 200: TicketResponse },
    },
    handler: (request) => service.get(currentUser(request), request.params.idOrNumber),
  });

  app.patch('/api/tickets/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Edit a ticket (requester: text while OPEN; staff: category and priority)',
      params: TicketParams,
      body: TicketUpdateRequest,
      response: { 200: TicketResponse },
    },
    handler: (request) => service.update(currentUser(request), request.params.id, request.body),
  });

  app.post('/api/tickets/:id/assign', {
    config: { access: 'ticket:assign' },
    schema: {
      tags,
      summary: 'Assign, take, reassign or unassign (null)',
      params: TicketParams,
      body: TicketAssignRequest,
      response: { 200: TicketResponse },
    },
    handler: (request) =>
      service.assign(currentUser(request), request.params.id, request.body.assigneeId, request.body.version),
  });

  app.post('/api/tickets/:id/transitions', {
    config: { access },
    schema: {
      tags,
      summary: 'Change the status (409 with the allowed targets when the move does not exist)',
      params: TicketParams,
      body: TicketTransitionRequest,
      response: { 200: TicketResponse },
    },
    handler: (request) => service.transition(currentUser(request), request.params.id, request.body),
  });

  app.get('/api/tickets/:id/events', {
    config: { access },
    schema: { tags, summary: 'History of a ticket', params: TicketParams, response: { 200: TicketEventList } },
    handler: async (request) => ({
      items: await service.events(currentUser(request), request.params.id),
      nextCursor: null,
    }),
  });

  app.get('/api/tickets/:id/comments', {
    config: { access },
    schema: {
      tags,
      summary: 'The conversation (internal notes only for staff)',
      params: TicketParams,
      response: { 200: CommentList },
    },
    handler: async (request) => ({
      items: await service.comments(currentUser(request), request.params.id),
      nextCursor: null,
    }),
  });

  app.post('/api/tickets/:id/comments', {
    config: { access: 'ticket:comment' },
    schema: {
      tags,
      summary: 'Reply, or add an internal note (staff)',
      params: TicketParams,
      body: CommentCreateRequest,
      response: { 201: CommentResponse },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await service.addComment(currentUser(request), request.params.id, request.body)),
  });

  app.get('/api/staff', {
    config: { access: 'ticket:view_all' },
    schema: { tags, summary: 'Active IT staff, for assignment', response: { 200: StaffList } },
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
