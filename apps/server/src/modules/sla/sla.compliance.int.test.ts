import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@test/database';
import { makeCategory, makePriority, makeTicket, makeUser, manualClock } from '@test/factories';
import { inlineDelivery } from '@test/worker';
import type { DatabaseHandle } from '@/db/database';
import { captureMailer } from '@/infra/mail/mailer';
import { settingsService } from '@/modules/settings/settings.service';
import { checkCompliance } from './sla.compliance';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('SLA compliance alert', () => {
  const clock = manualClock(new Date('2026-11-20T03:00:00Z'));
  let database: DatabaseHandle;
  let managers: string[];
  let ids: { userId: string; categoryId: string; priorityId: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    managers = [(await makeUser(db, { role: 'manager' })).id, (await makeUser(db, { role: 'manager' })).id];
    await makeUser(db, { role: 'manager', status: false });
    await makeUser(db, { role: 'it_staff' });
    ids = {
      userId: (await makeUser(db)).id,
      categoryId: (await makeCategory(db)).id,
      priorityId: (await makePriority(db)).id,
    };
  });
  afterAll(() => database.close());

  /** A ticket resolved `daysAgo`, its outcome stored at resolution. */
  const resolved = async (met: boolean, daysAgo: number) => {
    const at = new Date(clock.now().getTime() - daysAgo * DAY);
    const t = await makeTicket(database.db, { ...ids, status: 'RESOLVED', createdAt: at, resolvedAt: at });
    await database.db.updateTable('tickets').set({ sla_resolution_met: met }).where('id', '=', t.id).execute();
  };
  const alerts = () =>
    database.db.selectFrom('outbox_events').select(['payload']).where('topic', '=', 'sla.compliance_alert').execute();

  it('alerts managers when compliance over the window falls below the threshold, at most once a day', async () => {
    for (let i = 0; i < 9; i++) await resolved(true, 1);
    await resolved(true, 10); // outside the 7-day window
    expect(await checkCompliance(database.db, clock, settingsService(database.db))).toEqual({
      resolved: 9,
      met: 9,
      percent: 100,
      alerted: false,
    });

    await resolved(false, 2);
    await resolved(false, 3); // 9 of 11 = 81.8 % < 90 %
    expect(await checkCompliance(database.db, clock, settingsService(database.db))).toEqual({
      resolved: 11,
      met: 9,
      percent: 81.8,
      alerted: true,
    });
    expect((await alerts()).map((a) => a.payload)).toEqual([
      expect.objectContaining({ percent: 81.8, resolved: 11, met: 9, windowDays: 7, threshold: 90 }),
    ]);

    // Still below: nothing more within the day, however often the job runs.
    for (const hours of [0.25, 1, 12, 23.9]) {
      clock.set(new Date(new Date('2026-11-20T03:00:00Z').getTime() + hours * HOUR));
      expect((await checkCompliance(database.db, clock, settingsService(database.db))).alerted).toBe(false);
    }
    expect(await alerts()).toHaveLength(1);

    // A day later and still below: one more.
    clock.set(new Date('2026-11-21T03:00:01Z'));
    expect((await checkCompliance(database.db, clock, settingsService(database.db))).alerted).toBe(true);
    expect((await checkCompliance(database.db, clock, settingsService(database.db))).alerted).toBe(false);
    expect(await alerts()).toHaveLength(2);

    // Each alert reaches every active manager once, in the app and by mail (no ticket involved).
    const service = await inlineDelivery(database, { clock, mailer: captureMailer(database.db) });
    while ((await service.dispatch()) > 0);
    while ((await service.sendDue()) > 0);
    const rows = await database.db
      .selectFrom('notifications')
      .select(['user_id', 'ticket_id'])
      .where('kind', '=', 'compliance_alert')
      .execute();
    expect(rows.map((r) => r.user_id).sort()).toEqual([...managers, ...managers].sort());
    expect(rows.every((r) => r.ticket_id === null)).toBe(true);
    const mails = await database.db
      .selectFrom('captured_mails')
      .select(['subject', 'text_body'])
      .where('subject', 'like', '%SLA%')
      .execute();
    expect(mails).toHaveLength(4);
    expect(mails[0]!.text_body).toContain('81.8%');
  });

  it('says nothing when nothing was resolved in the window', async () => {
    clock.set(new Date('2027-02-01T00:00:00Z'));
    expect(await checkCompliance(database.db, clock, settingsService(database.db))).toEqual({
      resolved: 0,
      met: 0,
      percent: null,
      alerted: false,
    });
  });
});
