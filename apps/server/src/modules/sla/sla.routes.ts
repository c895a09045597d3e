import { endpoints } from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser } from '@/http/auth.plugin';
import { route } from '@/http/route';

export const slaRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.sla;
  const tags = ['sla'];
  const manageCalendar = 'sla_calendar:manage' as const;
  const manageLevels = 'sla_escalation:manage' as const;

  route(app, endpoints.getBusinessCalendar, {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'The business-hours calendar' },
    handler: () => service.calendar(),
  });

  route(app, endpoints.updateBusinessCalendar, {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Set the time zone, working hours and the 24x7 switch (running clocks are re-derived)' },
    handler: (request) => service.updateCalendar(request.body, currentUser(request).id),
  });

  route(app, endpoints.listHolidays, {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'Holidays, by date' },
    handler: async () => ({ items: await service.holidays(), nextCursor: null }),
  });

  route(app, endpoints.createHoliday, {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Add a holiday' },
    handler: async (request, reply) => reply.code(201).send(await service.createHoliday(request.body)),
  });

  route(app, endpoints.importHolidays, {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Import holidays from an iCalendar (.ics) file' },
    handler: (request) => service.importHolidays(request.body),
  });

  route(app, endpoints.updateHoliday, {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Change a holiday' },
    handler: (request) => service.updateHoliday(request.params.id, request.body),
  });

  route(app, endpoints.deleteHoliday, {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Delete a holiday' },
    handler: async (request, reply) => {
      await service.deleteHoliday(request.params.id);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.listEscalationLevels, {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'Escalation levels' },
    handler: async () => ({ items: await service.levels(), nextCursor: null }),
  });

  route(app, endpoints.createEscalationLevel, {
    config: { access: manageLevels },
    schema: { tags, summary: 'Add an escalation level' },
    handler: async (request, reply) => reply.code(201).send(await service.createLevel(request.body)),
  });

  route(app, endpoints.updateEscalationLevel, {
    config: { access: manageLevels },
    schema: { tags, summary: 'Change an escalation level' },
    handler: (request) => service.updateLevel(request.params.id, request.body),
  });

  route(app, endpoints.deleteEscalationLevel, {
    config: { access: manageLevels },
    schema: { tags, summary: 'Delete an escalation level' },
    handler: async (request, reply) => {
      await service.deleteLevel(request.params.id);
      return reply.code(204).send(null);
    },
  });

  route(app, endpoints.getTicketSla, {
    // Anyone who may see the ticket (the query decides); requesters get no internal details.
    config: { access: 'authenticated' },
    schema: { tags, summary: "The ticket's SLA clock: targets, deadlines, business minutes and the clock log" },
    handler: (request) => service.ticketClock(currentUser(request), request.params.id),
  });

  route(app, endpoints.getSlaOverview, {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'Tickets at risk and breached now, by assignee and priority, and compliance' },
    handler: () => service.overview(),
  });

  route(app, endpoints.listSlaTickets, {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'Active tickets at risk or breached, earliest deadline first' },
    handler: (request) => service.tickets(request.query),
  });
};
