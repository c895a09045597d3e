import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { route } from '@/http/route';

/** Admin Panel: mailboxes, their audit log (every message's fate) and the dead-letter retry. */
export const mailIntakeRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.mailIntake;
  const tags = ['mail intake'];
  const access = 'mailbox:manage' as const;

  route(app, endpoints.listMailboxes, {
    config: { access },
    schema: { tags, summary: 'Mailboxes whose mail becomes tickets' },
    handler: () => service.list(),
  });

  route(app, endpoints.createMailbox, {
    config: { access },
    schema: { tags, summary: 'Add a mailbox' },
    handler: async (request, reply) => reply.code(201).send(await service.create(request.body)),
  });

  route(app, endpoints.getMailbox, {
    config: { access },
    schema: { tags, summary: 'One mailbox' },
    handler: (request) => service.get(request.params.id),
  });

  route(app, endpoints.updateMailbox, {
    config: { access },
    schema: { tags, summary: 'Edit a mailbox (a password is replaced only when given)' },
    handler: (request) => service.update(request.params.id, request.body),
  });

  route(app, endpoints.deleteMailbox, {
    config: { access },
    schema: { tags, summary: 'Remove a mailbox and its log' },
    handler: async (request, reply) => {
      await service.remove(request.params.id);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.testMailbox, {
    config: { access },
    schema: { tags, summary: 'Log in to the IMAP server and open the folder' },
    handler: (request) => service.testConnection(request.params.id),
  });

  route(app, endpoints.listMailMessages, {
    config: { access },
    schema: {
      tags,
      summary:
        'Received messages and their fate, newest first (the audit log; status=dead_letter for the dead letters)',
    },
    handler: (request) => service.messages(request.query),
  });

  route(app, endpoints.retryMailMessage, {
    config: { access },
    schema: { tags, summary: 'Process a dead-lettered message again (by the worker)' },
    handler: async (request, reply) => reply.code(202).send(await service.requestRetry(request.params.id)),
  });
};
