import {
  BusinessCalendarResponse,
  BusinessCalendarUpdateRequest,
  EscalationLevelCreateRequest,
  EscalationLevelList,
  EscalationLevelResponse,
  EscalationLevelUpdateRequest,
  HolidayCreateRequest,
  HolidayImportRequest,
  HolidayImportResponse,
  HolidayList,
  HolidayResponse,
  HolidayUpdateRequest,
  IdParams,
  SlaOverviewResponse,
  SlaTicketListQuery,
  SlaTicketPage,
  TicketParams,
  TicketSlaResponse,
} from '@bantu/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '@/http/auth.plugin';

export const slaRoutes: FastifyPluginAsyncZod = async (app) => {
  const service = app.services.sla;
  const tags = ['sla'];
  const manageCalendar = 'sla_calendar:manage' as const;
  const manageLevels = 'sla_escalation:manage' as const;

  app.get('/api/sla/calendar', {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'The business-hours calendar', response: { 200: BusinessCalendarResponse } },
    handler: () => service.calendar(),
  });

  app.put('/api/sla/calendar', {
    config: { access: manageCalendar },
    schema: {
      tags,
      summary: 'Set the time zone, working hours and the 24x7 switch (running clocks are re-derived)',
      body: BusinessCalendarUpdateRequest,
      response: { 200: BusinessCalendarResponse },
    },
    handler: (request) => service.updateCalendar(request.body, currentUser(request).id),
  });

  app.get('/api/sla/holidays', {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'Holidays, by date', response: { 200: HolidayList } },
    handler: async () => ({ items: await service.holidays(), nextCursor: null }),
  });

  app.post('/api/sla/holidays', {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Add a holiday', body: HolidayCreateRequest, response: { 201: HolidayResponse } },
    handler: async (request, reply) => reply.code(201).send(await service.createHoliday(request.body)),
  });

  app.post('/api/sla/holidays/import', {
    config: { access: manageCalendar },
    schema: {
      tags,
      summary: 'Import holidays from an iCalendar (.ics) file',
      body: HolidayImportRequest,
      response: { 200: HolidayImportResponse },
    },
    handler: (request) => service.importHolidays(request.body),
  });

  app.patch('/api/sla/holidays/:id', {
    config: { access: manageCalendar },
    schema: {
      tags,
      summary: 'Change a holiday',
      params: IdParams,
      body: HolidayUpdateRequest,
      response: { 200: HolidayResponse },
    },
    handler: (request) => service.updateHoliday(request.params.id, request.body),
  });

  app.delete('/api/sla/holidays/:id', {
    config: { access: manageCalendar },
    schema: { tags, summary: 'Delete a holiday', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.deleteHoliday(request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/sla/escalation-levels', {
    config: { access: 'sla:view' },
    schema: { tags, summary: 'Escalation levels', response: { 200: EscalationLevelList } },
    handler: async () => ({ items: await service.levels(), nextCursor: null }),
  });

  app.post('/api/sla/escalation-levels', {
    config: { access: manageLevels },
    schema: {
      tags,
      summary: 'Add an escalation level',
      body: EscalationLevelCreateRequest,
      response: { 201: EscalationLevelResponse },
    },
    handler: async (request, reply) => reply.code(201).send(await service.createLevel(request.body)),
  });

  app.patch('/api/sla/escalation-levels/:id', {
    config: { access: manageLevels },
    schema: {
      tags,
      summary: 'Change an escalation level',
      params: IdParams,
      body: EscalationLevelUpdateRequest,
      response: { 200: EscalationLevelResponse },
    },
    handler: (request) => service.updateLevel(request.params.id, request.body),
  });

  app.delete('/api/sla/escalation-levels/:id', {
    config: { access: manageLevels },
    schema: { tags, summary: 'Delete an escalation level', params: IdParams, response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.deleteLevel(request.params.id);
      return reply.code(204).send(null);
    },
  });

  app.get('/api/tickets/:id/sla', {
    // Anyone who may see the ticket (the query decides); requesters get no internal details.
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: "The ticket's SLA clock: targets, deadlines, business minutes and the clock log",
      params: TicketParams,
      response: { 200: TicketSlaResponse },
    },
    handler: (request) => service.ticketClock(currentUser(request), request.params.id),
  });

  app.get('/api/sla/overview', {
    config: { access: 'sla:view' },
    schema: {
      tags,
      summary: 'Tickets at risk and breached now, by assignee and priority, and compliance',
      response: { 200: SlaOverviewResponse },
    },
    handler: () => service.overview(),
  });

  app.get('/api/sla/tickets', {
    config: { access: 'sla:view' },
    schema: {
      tags,
      summary: 'Active tickets at risk or breached, earliest deadline first',
      querystring: SlaTicketListQuery,
      response: { 200: SlaTicketPage },
    },
    handler: (request) => service.tickets(request.query),
  });
};
