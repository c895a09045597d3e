import os from 'node:os';
import path from 'node:path';
import type { TicketSlaResponse } from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, manualClock } from '@test/factories';
import { startSmtp } from '@test/smtp';
import { testDatabaseUrl } from '@/config';
import { openDatabase, type DB } from '@/db/database';
import { captureMailer, smtpMailer } from '@/infra/mail/mailer';
import { fsStorage } from '@/infra/storage/fs-storage';
import { notificationsService } from '@/modules/notifications/notifications.service';
import { buildWorker } from '@/worker';
import { runSlaMonitor } from './sla.monitor';

type Session = Awaited<ReturnType<typeof loginAs>>;
const MIN = 60_000;
const HOUR = 60 * MIN;
const quietLog = { info: () => undefined, error: () => undefined };

/**
 * The monitor driven by a hand-moved clock: at risk (80 % of 10 h), breach (10 h) and the
 * escalation to managers (+2 h), each notified exactly once: in-app rows and mails over a real
 * SMTP server, across repeated passes, a worker restart through pg-boss, and (on PostgreSQL) two
 * workers racing on the same database.
 */
describe('SLA monitor', () => {
  const t0 = new Date('2026-11-02T02:00:00Z'); // Monday 09:00 in Jakarta
  const clock = manualClock(t0);
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let requester: Session;
  let staff: Session;
  let staff2: Session;
  let manager: Session;
  let admin: Session;
  let categoryId: string;
  let priorityId: string;
  let notifications: ReturnType<typeof notificationsService>;

  beforeAll(async () => {
    t = await buildTestApp({ clock });
    requester = await loginAs(t.app, 'user');
    staff = await loginAs(t.app, 'it_staff');
    staff2 = await loginAs(t.app, 'it_staff');
    manager = await loginAs(t.app, 'manager');
    admin = await loginAs(t.app, 'admin');
    categoryId = (await makeCategory(t.app.db)).id;
    priorityId = (await makePriority(t.app.db, { name: 'Normal' })).id;
    await t.app.db
      .insertInto('sla_rules')
      .values({ priority_id: priorityId, duration_hours: 10, first_response_hours: 2 })
      .execute();
    smtp = await startSmtp();
    notifications = notificationsService({ db: t.app.db, clock, mailer: smtpMailer(smtp.url) });
  });
  afterAll(async () => {
    await smtp.stop();
    await t.close();
  });

  const deliverAll = async () => {
    while ((await notifications.dispatch()) > 0);
    while ((await notifications.sendDue()) > 0);
  };
  const createTicket = async (title = 'VPN putus terus') => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title, description: 'Tidak bisa kerja', categoryId, priorityId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string; ticketNumber: string; version: number }>();
  };
  const notified = (ticketId: string, kind: string) =>
    t.app.db
      .selectFrom('notifications')
      .select('user_id')
      .where('ticket_id', '=', ticketId)
      .where('kind', '=', kind)
      .execute()
      .then((rows) => rows.map((r) => r.user_id).sort());
  const mails = (subject: string, email: string) =>
    smtp.messages.filter((m) => m.subject?.includes(subject) && JSON.stringify(m.to).includes(email)).length;

  it('warns the assignee, tells assignee and IT staff of the breach, escalates to managers, each once', async () => {
    clock.set(t0);
    const ticket = await createTicket();
    const assign = await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/assign`,
      headers: staff.headers,
      payload: { assigneeId: staff.user.id },
    });
    expect(assign.statusCode, assign.body).toBe(200);
    const row = await t.app.db
      .selectFrom('tickets')
      .select(['sla_deadline', 'sla_at_risk_at', 'sla_next_check_at'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.sla_deadline).toEqual(new Date(t0.getTime() + 10 * HOUR));
    expect(row.sla_next_check_at).toEqual(new Date(t0.getTime() + 8 * HOUR));

    // Nothing is due yet.
    clock.set(new Date(t0.getTime() + 7 * HOUR));
    expect((await runSlaMonitor(t.app.db, clock)).fired).toBe(0);

    // 80 % used: the at-risk warning, to the assignee only.
    clock.set(new Date(t0.getTime() + 8 * HOUR + MIN));
    expect(await runSlaMonitor(t.app.db, clock)).toEqual({ checked: 1, fired: 1 });
    expect(await runSlaMonitor(t.app.db, clock)).toEqual({ checked: 0, fired: 0 });
    await deliverAll();
    expect(await notified(ticket.id, 'sla_at_risk')).toEqual([staff.user.id]);
    expect(mails('SLA hampir terlewati', staff.user.email)).toBe(1);

    // Deadline passed: assignee and all IT staff.
    clock.set(new Date(t0.getTime() + 10 * HOUR + MIN));
    expect((await runSlaMonitor(t.app.db, clock)).fired).toBe(1);
    await deliverAll();
    expect(await notified(ticket.id, 'sla_breached')).toEqual([staff.user.id, staff2.user.id].sort());
    expect(mails('SLA terlewati', staff2.user.email)).toBe(1);
    expect(
      await t.app
        .inject({ method: 'GET', url: '/api/tickets?slaState=breached', headers: staff.headers })
        .then((r) => r.json<{ items: { id: string }[] }>().items.map((i) => i.id)),
    ).toContain(ticket.id);

    // Two business hours (24x7 calendar: two hours) later: the managers, and a history entry.
    clock.set(new Date(t0.getTime() + 12 * HOUR + MIN));
    expect((await runSlaMonitor(t.app.db, clock)).fired).toBe(1);
    await deliverAll();
    expect(await notified(ticket.id, 'sla_escalated')).toEqual([manager.user.id]);
    expect(mails('Eskalasi SLA', manager.user.email)).toBe(1);
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/events`,
      headers: staff.headers,
    });
    expect(history.json<{ items: { type: string }[] }>().items.map((e) => e.type)).toContain('sla_escalated');

    // A worker restart, through pg-boss as the schedule runs it: nothing fires again.
    for (let restart = 0; restart < 2; restart++) {
      const worker = buildWorker({
        database: t.database,
        storage: fsStorage(path.join(os.tmpdir(), 'bantu-sla-files')),
        mailer: captureMailer(t.app.db),
        clock,
        log: quietLog,
        pollingIntervalSeconds: 0.5,
      });
      await worker.start();
      try {
        expect(await worker.queue.schedules()).toContain('sla-monitor');
        const id = await worker.queue.trigger('sla-monitor');
        expect(await worker.queue.waitFor('sla-monitor', id)).toBe('completed');
      } finally {
        await worker.stop();
      }
    }
    clock.advance(HOUR);
    await runSlaMonitor(t.app.db, clock);
    await deliverAll();
    for (const kind of ['sla_at_risk', 'sla_breached', 'sla_escalated']) {
      const rows = await t.app.db
        .selectFrom('notifications')
        .select(['user_id'])
        .where('ticket_id', '=', ticket.id)
        .where('kind', '=', kind)
        .execute();
      expect(rows.length, kind).toBe(kind === 'sla_breached' ? 2 : 1);
    }
    expect(mails('SLA hampir terlewati', staff.user.email)).toBe(1);
    expect(mails('SLA terlewati', staff.user.email)).toBe(1);
    expect(mails('Eskalasi SLA', manager.user.email)).toBe(1);
    const outbox = await t.app.db
      .selectFrom('outbox_events')
      .select(['topic', 'payload'])
      .where('ticket_id', '=', ticket.id)
      .where('topic', 'like', 'sla.%')
      .execute();
    expect(outbox.map((o) => o.topic).sort()).toEqual(['sla.at_risk', 'sla.breached', 'sla.escalated']);
    expect(outbox.find((o) => o.topic === 'sla.breached')?.payload).toMatchObject({
      channels: ['in_app', 'email'],
      urgent: false,
      recipients: ['assignee', 'it_staff'],
    });

    // The explaining clock: staff see the levels and the monitor's records, the requester not.
    const clockView = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}/sla`,
      headers: staff.headers,
    });
    expect(clockView.statusCode, clockView.body).toBe(200);
    const sla = clockView.json<TicketSlaResponse>();
    expect(sla.state).toBe('breached');
    expect(sla.events.map((e) => e.kind)).toEqual(['started', 'warning', 'breached', 'escalated']);
    expect(sla.levels.every((l) => l.firedAt !== null)).toBe(true);
    expect(sla.resolution).toMatchObject({ targetMinutes: 600, clock: 'running', remainingMinutes: -181 });
    const mine = (
      await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/sla`, headers: requester.headers })
    ).json<TicketSlaResponse>();
    expect(mine.events.map((e) => e.kind)).toEqual(['started', 'breached']);
    expect(mine.levels).toEqual([]);
    expect(mine.events.every((e) => e.level === null && e.recipients === null)).toBe(true);
    const stranger = await loginAs(t.app, 'user');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/sla`, headers: stranger.headers }))
        .statusCode,
    ).toBe(404);

    // Resolution decides "missed" once; the stored outcome is what reports read.
    await t.app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/transitions`,
      headers: staff.headers,
      payload: { to: 'RESOLVED', comment: 'Router diganti' },
    });
    const decided = await t.app.db
      .selectFrom('tickets')
      .select(['sla_resolution_met', 'sla_first_response_met', 'sla_next_check_at'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(decided).toEqual({ sla_resolution_met: false, sla_first_response_met: false, sla_next_check_at: null });
  });

  it('holds non-urgent levels outside business hours and notifies urgent ones at once', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/sla/calendar',
      headers: admin.headers,
      payload: {
        timezone: 'Asia/Jakarta',
        alwaysOpen: false,
        week: [0, 1, 2, 3, 4, 5, 6].map((day) => ({
          day,
          intervals: day === 0 || day === 6 ? [] : [{ start: '08:00', end: '17:00' }],
        })),
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const critical = (await makePriority(t.app.db, { name: 'Kritis' })).id;
    await t.app.db
      .insertInto('sla_rules')
      .values({ priority_id: critical, duration_hours: 4, first_response_hours: null, business_hours: false })
      .execute();
    const urgent = await t.app.inject({
      method: 'POST',
      url: '/api/sla/escalation-levels',
      headers: admin.headers,
      payload: {
        name: 'Critical breach: page the managers',
        action: 'breach',
        trigger: 'percent',
        percent: 100,
        recipients: ['managers'],
        channels: ['in_app', 'whatsapp'],
        priorityIds: [critical],
        urgent: true,
      },
    });
    expect(urgent.statusCode, urgent.body).toBe(201);

    // Friday 16:00 Jakarta, 4 wall-clock hours: breached at 20:00, after working hours.
    clock.set(new Date('2026-11-06T16:00:00+07:00'));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: requester.headers,
      payload: { title: 'Server mati total', description: 'Semua layanan down', categoryId, priorityId: critical },
    });
    const ticket = res.json<{ id: string; slaDeadline: string }>();
    expect(ticket.slaDeadline).toBe(new Date('2026-11-06T20:00:00+07:00').toISOString());
    await runSlaMonitor(t.app.db, clock); // picks up the recompute the calendar change asked for

    clock.set(new Date('2026-11-06T20:01:00+07:00'));
    await runSlaMonitor(t.app.db, clock);
    await deliverAll();
    // The urgent level went out at once; the default breach level waits for Monday 08:00.
    expect(await notified(ticket.id, 'sla_breached')).toEqual([manager.user.id]);
    const view = (
      await t.app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/sla`, headers: staff.headers })
    ).json<TicketSlaResponse>();
    const pending = view.levels.find((l) => l.name === 'Breached');
    expect(pending).toMatchObject({ firedAt: null, dueAt: new Date('2026-11-09T08:00:00+07:00').toISOString() });

    clock.set(new Date('2026-11-08T12:00:00+07:00')); // Sunday: still waiting
    await runSlaMonitor(t.app.db, clock);
    await deliverAll();
    expect(await notified(ticket.id, 'sla_breached')).toEqual([manager.user.id]);

    clock.set(new Date('2026-11-09T08:00:00+07:00'));
    await runSlaMonitor(t.app.db, clock);
    await deliverAll();
    // Unassigned: the level's "assignee" falls back to the IT staff.
    expect(await notified(ticket.id, 'sla_breached')).toEqual([manager.user.id, staff.user.id, staff2.user.id].sort());

    // Back to 24x7 for the other tests.
    await t.app.inject({
      method: 'PUT',
      url: '/api/sla/calendar',
      headers: admin.headers,
      payload: { ...put.json<object>(), alwaysOpen: true, updatedAt: undefined },
    });
    await t.app.inject({
      method: 'DELETE',
      url: `/api/sla/escalation-levels/${urgent.json<{ id: string }>().id}`,
      headers: admin.headers,
    });
  });

  it.skipIf(!testDatabaseUrl())(
    'fires each level once when two workers on the same PostgreSQL database race, and not again after a restart',
    async () => {
      const url = (t.database as { url?: string }).url!;
      const second = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
      const third = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
      try {
        const start = new Date('2026-11-16T02:00:00Z');
        clock.set(start);
        const tickets = [];
        for (let i = 0; i < 24; i++) tickets.push(await createTicket(`Laptop rusak nomor ${i}`));
        const ids = tickets.map((x) => x.id);
        clock.set(new Date(start.getTime() + 13 * HOUR));

        // Two worker processes: their own pools, queues and pollers, each asked to run the monitor.
        const workers = [t.database, second].map((database) =>
          buildWorker({
            database,
            storage: fsStorage(path.join(os.tmpdir(), 'bantu-sla-files')),
            mailer: captureMailer(database.db),
            clock,
            log: quietLog,
            pollingIntervalSeconds: 0.5,
          }),
        );
        try {
          // One after the other: pg-boss creating its queues from two processes at the same
          // instant can deadlock (a start-up matter of the queue, not of the monitor).
          for (const w of workers) await w.start();
          const jobs = await Promise.all(workers.map((w) => w.queue.trigger('sla-monitor')));
          // Meanwhile, the passes also race directly in small batches.
          const direct = await Promise.all(
            [second.db, third.db, t.app.db].map((db: DB) => runSlaMonitor(db, clock, { batchSize: 5 })),
          );
          expect(await Promise.all(jobs.map((id, i) => workers[i]!.queue.waitFor('sla-monitor', id)))).toEqual([
            'completed',
            'completed',
          ]);
          expect(direct.every((d) => d.fired >= 0)).toBe(true);
          // The pollers of both workers deliver; wait until every delivery is sent.
          for (let i = 0; i < 100; i++) {
            const pending = await t.app.db
              .selectFrom('notification_deliveries')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('status', '=', 'pending')
              .executeTakeFirstOrThrow();
            const unprocessed = await t.app.db
              .selectFrom('outbox_events')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('processed_at', 'is', null)
              .executeTakeFirstOrThrow();
            if (Number(pending.n) === 0 && Number(unprocessed.n) === 0) break;
            await new Promise((r) => setTimeout(r, 200));
          }
        } finally {
          await Promise.all(workers.map((w) => w.stop()));
        }

        const outbox = await t.app.db
          .selectFrom('outbox_events')
          .select(['ticket_id', 'topic'])
          .where('ticket_id', 'in', ids)
          .where('topic', 'like', 'sla.%')
          .execute();
        expect(outbox).toHaveLength(ids.length * 3);
        expect(new Set(outbox.map((o) => `${o.ticket_id} ${o.topic}`)).size).toBe(ids.length * 3);
        const escalated = await t.app.db
          .selectFrom('notifications')
          .select(['ticket_id', 'user_id'])
          .where('ticket_id', 'in', ids)
          .where('kind', '=', 'sla_escalated')
          .execute();
        expect(escalated).toHaveLength(ids.length); // one manager
        const sent = await t.app.db
          .selectFrom('captured_mails as m')
          .innerJoin('notification_deliveries as d', 'd.id', 'm.delivery_id')
          .innerJoin('notifications as n', 'n.id', 'd.notification_id')
          .select(['m.delivery_id'])
          .where('n.ticket_id', 'in', ids)
          .execute();
        const deliveries = await t.app.db
          .selectFrom('notification_deliveries as d')
          .innerJoin('notifications as n', 'n.id', 'd.notification_id')
          .select('d.id')
          .where('n.ticket_id', 'in', ids)
          .execute();
        expect(sent).toHaveLength(deliveries.length);
        expect(new Set(sent.map((s) => s.delivery_id)).size).toBe(deliveries.length);

        // A restart: a new process (new pool) runs the monitor later; nothing fires twice.
        await second.close();
        const restarted = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
        try {
          clock.advance(HOUR);
          expect((await runSlaMonitor(restarted.db, clock)).fired).toBe(0);
        } finally {
          await restarted.close();
        }
      } finally {
        await third.close();
        await second.close().catch(() => undefined);
      }
    },
  );
});
