import {
  IdParams,
  MailboxCreateRequest,
  MailboxList,
  MailboxResponse,
  MailboxTestResponse,
  MailboxUpdateRequest,
  MailMessageList,
  MailMessageListQuery,
  MailMessageResponse,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Admin Panel: mailboxes, their audit log (every message's fate) and the dead-letter retry. */
export const mailIntakeRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.mailIntake;
  const tags = ['mail intake'];
  const access = 'mailbox:manage' as const;

  app.get('/api/mailboxes', {
    config: { access },
    schema: { tags, summary: 'Mailboxes whose mail becomes tickets', response: { 200: MailboxList } },
    handler: () => service.list(),
  });

  app.post('/api/mailboxes', {
    config: { access },
    schema: { tags, summary: 'Add a mailbox', body: MailboxCreateRequest, response: { 201: MailboxResponse } },
    handler: async (request, reply) => reply.code(201).send(await service.create(request.body)),
  });

  app.get('/api/mailboxes/:id', {
    config: { access },
    schema: { tags, summary: 'One mailbox', params: IdParams, response: { 200: MailboxResponse } },
    handler: (request) => service.get(request.params.id),
  });

  app.patch('/api/mailboxes/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'Edit a mailbox (a password is replaced only when given)',
      params: IdParams,
      body: MailboxUpdateRequest,
      response: { 200: MailboxResponse },
    },
    handler: (request) => service.update(request.params.id, request.body),
  });

  app.delete('/api/mailboxes/:id', {
    config: { access },
    schema: { tags, summary: 'Remove a mailbox and its log', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.post('/api/mailboxes/:id/test', {
    config: { access },
    schema: {
      tags,
      summary: 'Log in to the IMAP server and open the folder',
      params: IdParams,
      response: { 200: MailboxTestResponse },
    },
    handler: (request) => service.testConnection(request.params.id),
  });

  app.get('/api/mail-messages', {
    config: { access },
    schema: {
      tags,
      summary:
        'Received messages and their fate, newest first (the audit log; status=dead_letter for the dead letters)',
      querystring: MailMessageListQuery,
      response: { 200: MailMessageList },
    },
    handler: (request) => service.messages(request.query),
  });

  app.post('/api/mail-messages/:id/retry', {
    config: { access },
    schema: {
      tags,
      summary: 'Process a dead-lettered message again (by the worker)',
      params: IdParams,
      response: { 202: MailMessageResponse },
    },
    handler: async (request, reply) => reply.code(202).send(await service.requestRetry(request.params.id)),
  });
};
