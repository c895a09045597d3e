import fs from 'node:fs';
import path from 'node:path';
import { ROLES, can, type Permission, type Role, type TicketStatus } from '@bantu/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs, type TestApp } from '@test/app';
import { makeCategory, makePriority, makeTicket } from '@test/factories';
import { multipart } from '@test/multipart';

type Session = Awaited<ReturnType<typeof loginAs>>;
interface Request {
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: Buffer | object;
  headers?: Record<string, string>;
}
interface Target {
  ticketId: string;
  version: number;
  /** A file on the ticket uploaded by the caller (for DELETE /api/attachments/:id). */
  attachmentOf: Record<Role, string | undefined>;
}
interface WriteRoute {
  /** The ticket state in which this role's write succeeds, to prove the role could otherwise write. */
  openState: Partial<Record<Role, TicketStatus>>;
  request(role: Role, target: Target): Request;
}

/**
 * Every write route on a ticket or one of its files. The suite fails when the app registers a
 * write route under /api/tickets/:id or /api/attachments/:id that is missing here, so a new
 * one cannot skip the closed-ticket gate unnoticed.
 */
const WRITES: Record<string, WriteRoute> = {
  'PATCH /api/tickets/:id': {
    openState: { user: 'OPEN', it_staff: 'IN_PROGRESS', admin: 'IN_PROGRESS' },
    request: (role, { ticketId, version }) => ({
      method: 'PATCH',
      url: `/api/tickets/${ticketId}`,
      payload:
        role === 'user' ? { title: 'Judul yang diubah kemudian', version } : { priorityId: otherPriorityId, version },
    }),
  },
  'POST /api/tickets/:id/assign': {
    openState: { it_staff: 'OPEN' },
    request: (_role, { ticketId }) => ({
      method: 'POST',
      url: `/api/tickets/${ticketId}/assign`,
      payload: { assigneeId: sessions.it_staff.user.id },
    }),
  },
  'POST /api/tickets/:id/transitions': {
    openState: { user: 'OPEN', it_staff: 'IN_PROGRESS', admin: 'IN_PROGRESS' },
    request: (role, { ticketId }) => ({
      method: 'POST',
      url: `/api/tickets/${ticketId}/transitions`,
      payload: role === 'user' ? { to: 'CLOSED' } : { to: 'CLOSED', comment: 'Ditutup oleh staf' },
    }),
  },
  'POST /api/tickets/:id/comments': {
    // Managers read every ticket but write on none (permission map), so they are not a writer here.
    openState: { user: 'OPEN', it_staff: 'IN_PROGRESS', admin: 'IN_PROGRESS' },
    request: (role, { ticketId }) => ({
      method: 'POST',
      url: `/api/tickets/${ticketId}/comments`,
      payload: { comment: `Komentar dari ${role}`, ...(role === 'it_staff' ? { isInternal: true } : {}) },
    }),
  },
  'POST /api/tickets/:id/attachments': {
    openState: { user: 'IN_PROGRESS', it_staff: 'IN_PROGRESS' },
    request: (_role, { ticketId }) => {
      const body = multipart([{ name: 'catatan.txt', content: Buffer.from('isi berkas'), type: 'text/plain' }]);
      return { method: 'POST', url: `/api/tickets/${ticketId}/attachments`, ...body };
    },
  },
  'DELETE /api/attachments/:id': {
    openState: { user: 'IN_PROGRESS', it_staff: 'IN_PROGRESS' },
    request: (role, { attachmentOf }) => ({
      method: 'DELETE',
      // A role that uploaded nothing tries the requester's file.
      url: `/api/attachments/${attachmentOf[role] ?? attachmentOf.user}`,
    }),
  },
};

let t: TestApp;
const sessions = {} as Record<Role, Session>;
let categoryId: string;
let priorityId: string;
let otherPriorityId: string;

const send = (role: Role, request: Request) =>
  t.app.inject({
    method: request.method,
    url: request.url,
    payload: request.payload,
    headers: { ...sessions[role].headers, ...request.headers },
  });

async function uploadAs(role: Role, ticketId: string): Promise<string> {
  const body = multipart([{ name: `${role}.txt`, content: Buffer.from(`dari ${role}`), type: 'text/plain' }]);
  const res = await send(role, { method: 'POST', url: `/api/tickets/${ticketId}/attachments`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items[0].id as string;
}

/** A ticket of the requester in a state, with a file uploaded by each role that may upload. */
async function ticketIn(status: TicketStatus): Promise<Target> {
  const ticket = await makeTicket(t.app.db, {
    userId: sessions.user.user.id,
    categoryId,
    priorityId,
    status: status === 'CLOSED' ? 'IN_PROGRESS' : status,
    assignedTo: status === 'OPEN' ? null : sessions.it_staff.user.id,
  });
  const attachmentOf = {} as Target['attachmentOf'];
  if (status !== 'OPEN') {
    attachmentOf.user = await uploadAs('user', ticket.id);
    attachmentOf.it_staff = await uploadAs('it_staff', ticket.id);
  }
  if (status === 'CLOSED') {
    await t.app.db
      .updateTable('tickets')
      .set({ status: 'CLOSED', closed_at: new Date(), resolved_at: new Date() })
      .where('id', '=', ticket.id)
      .execute();
  }
  const { version } = await t.app.db
    .selectFrom('tickets')
    .select('version')
    .where('id', '=', ticket.id)
    .executeTakeFirstOrThrow();
  return { ticketId: ticket.id, version, attachmentOf };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Everything a write could change about a ticket: its row, conversation, files, history, outbox, stored objects. */
async function stateOf(ticketId: string) {
  const db = t.app.db;
  const [ticket, comments, attachments, events, outbox, clock] = await Promise.all([
    db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow(),
    db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
    db.selectFrom('ticket_attachments').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
    db.selectFrom('ticket_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
    db.selectFrom('outbox_events').select(['id', 'topic']).where('ticket_id', '=', ticketId).orderBy('id').execute(),
    db.selectFrom('sla_clock_events').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute(),
  ]);
  return { ticket, comments, attachments, events, outbox, clock, objects: filesUnder(t.filesDir!) };
}

beforeAll(async () => {
  t = await buildTestApp();
  for (const role of ROLES) sessions[role] = await loginAs(t.app, role);
  categoryId = (await makeCategory(t.app.db)).id;
  priorityId = (await makePriority(t.app.db)).id;
  otherPriorityId = (await makePriority(t.app.db)).id;
});
afterAll(() => t.close());

describe('a CLOSED ticket refuses every write', () => {
  const writeRoutes = () =>
    t.app.routeAccess.filter(
      (r) => r.method !== 'GET' && (r.url.startsWith('/api/tickets/:') || r.url.startsWith('/api/attachments/:')),
    );

  it('covers every registered write route on a ticket or its files', () => {
    const registered = writeRoutes().map((r) => `${r.method} ${r.url}`);
    expect(registered.sort()).toEqual(Object.keys(WRITES).sort());
  });

  it('lets each writer write on an open ticket, and refuses the others', async () => {
    for (const route of writeRoutes()) {
      const key = `${route.method} ${route.url}`;
      const spec = WRITES[key]!;
      const admitted = ROLES.filter(
        (role) => route.access === 'authenticated' || can(role, route.access as Permission),
      );
      for (const role of admitted) {
        const state = spec.openState[role];
        const target = await ticketIn(state ?? 'IN_PROGRESS');
        const res = await send(role, spec.request(role, target));
        const label = `${role} ${key} -> ${res.statusCode} ${res.body}`;
        // In the table: the write works while open. Not in it: the role cannot write here anyway.
        if (state) expect(res.statusCode, label).toBeLessThan(300);
        else expect(res.statusCode, label).toBe(403);
      }
    }
  });

  it('answers 409 TICKET_CLOSED to every writer on every write route, and changes nothing', async () => {
    const closed = await ticketIn('CLOSED');
    const before = await stateOf(closed.ticketId);
    let tried = 0;
    for (const [key, spec] of Object.entries(WRITES)) {
      for (const role of Object.keys(spec.openState) as Role[]) {
        const res = await send(role, spec.request(role, closed));
        const label = `${role} ${key} -> ${res.statusCode} ${res.body}`;
        expect(res.statusCode, label).toBe(409);
        expect(res.headers['content-type'], label).toContain('application/problem+json');
        expect(res.json().code, label).toBe('TICKET_CLOSED');
        expect(await stateOf(closed.ticketId), label).toEqual(before);
        tried += 1;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(13);
  });

  it('shows no write abilities and no deletable file on a CLOSED ticket, to anyone', async () => {
    const closed = await ticketIn('CLOSED');
    for (const role of ROLES) {
      if (!can(role, 'ticket:view_all') && role !== 'user') continue;
      const ticket = await t.app.inject({
        method: 'GET',
        url: `/api/tickets/${closed.ticketId}`,
        headers: sessions[role].headers,
      });
      expect(ticket.json().abilities, role).toEqual([]);
      const files = await t.app.inject({
        method: 'GET',
        url: `/api/tickets/${closed.ticketId}/attachments`,
        headers: sessions[role].headers,
      });
      const items = files.json().items as { canDelete: boolean }[];
      expect(items.length, role).toBe(2);
      expect(
        items.map((f) => f.canDelete),
        role,
      ).toEqual([false, false]);
    }
    const open = await ticketIn('IN_PROGRESS');
    const staffView = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${open.ticketId}`,
      headers: sessions.it_staff.headers,
    });
    expect(staffView.json().abilities).toEqual(expect.arrayContaining(['attach', 'comment', 'resolve']));
  });

  it('decides under the row lock: a close committed while a write waits for the ticket wins', async () => {
    for (const [key, role] of [
      ['POST /api/tickets/:id/comments', 'user'],
      ['POST /api/tickets/:id/attachments', 'it_staff'],
      ['DELETE /api/attachments/:id', 'it_staff'],
      ['PATCH /api/tickets/:id', 'it_staff'],
    ] as const) {
      const target = await ticketIn('IN_PROGRESS');
      let pending: ReturnType<typeof send> | undefined;
      // Another transaction closes the ticket and holds its row lock while the write arrives.
      await t.app.db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('tickets')
          .select('id')
          .where('id', '=', target.ticketId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('tickets')
          .set({ status: 'CLOSED', closed_at: new Date() })
          .where('id', '=', target.ticketId)
          .execute();
        pending = send(role, WRITES[key]!.request(role, target));
        await new Promise((r) => setTimeout(r, 300));
      });
      const res = await pending!;
      expect(res.statusCode, `${role} ${key}: ${res.body}`).toBe(409);
      expect(res.json().code).toBe('TICKET_CLOSED');
      const state = await stateOf(target.ticketId);
      expect(state.comments).toHaveLength(0);
      expect(state.attachments.filter((a) => a.deleted_at === null)).toHaveLength(2);
      expect(state.ticket.priority_id).toBe(priorityId);
    }
    // No object of a refused upload stays in storage: 2 files per ticket made above, nothing else.
    const rows = await t.app.db.selectFrom('ticket_attachments').select(['file_path', 'thumbnail_path']).execute();
    expect(filesUnder(t.filesDir!).filter((f) => !f.includes(`${path.sep}.tmp${path.sep}`))).toHaveLength(rows.length);
  });
});
