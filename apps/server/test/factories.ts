import { randomBytes } from 'node:crypto';
import type { Role, TicketStatus } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { hashPassword } from '@/lib/password';

const unique = () => randomBytes(4).toString('hex');

let cachedHash: { password: string; hash: Promise<string> } | undefined;
/** Hashing is slow on purpose; factories reuse one hash per password. */
function hashFor(password: string) {
  if (cachedHash?.password !== password) cachedHash = { password, hash: hashPassword(password) };
  return cachedHash.hash;
}

export async function makeUser(
  db: DB,
  overrides: { role?: Role; email?: string; name?: string; password?: string; status?: boolean } = {},
) {
  const id = unique();
  return db
    .insertInto('users')
    .values({
      name: overrides.name ?? `Test ${overrides.role ?? 'user'} ${id}`,
      email: overrides.email ?? `${overrides.role ?? 'user'}-${id}@test.local`,
      password_hash: await hashFor(overrides.password ?? 'password-123'),
      role: overrides.role ?? 'user',
      status: overrides.status ?? true,
      division: 'IT',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function makeCategory(db: DB, overrides: { name?: string; isActive?: boolean } = {}) {
  return db
    .insertInto('categories')
    .values({ name: overrides.name ?? `Category ${unique()}`, is_active: overrides.isActive ?? true })
    .returningAll()
    .executeTakeFirstOrThrow();
}

let nextLevel = 50;
export function makePriority(db: DB, overrides: { name?: string; level?: number } = {}) {
  return db
    .insertInto('priorities')
    .values({ name: overrides.name ?? `Priority ${unique()}`, level: overrides.level ?? nextLevel++, color: '#123456' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface TicketOverrides {
  userId: string;
  categoryId: string;
  priorityId: string;
  status?: TicketStatus;
  assignedTo?: string | null;
  title?: string;
  description?: string;
  createdAt?: Date;
  resolvedAt?: Date | null;
  slaDeadline?: Date | null;
}

/** A ticket straight in the database, in any state (the API's rules are tested elsewhere). */
export async function makeTicket(db: DB, t: TicketOverrides) {
  const status = t.status ?? 'OPEN';
  const createdAt = t.createdAt ?? new Date();
  const resolved = status === 'RESOLVED' || status === 'CLOSED';
  return db
    .insertInto('tickets')
    .values({
      ticket_number: `TKT-TEST-${unique()}`,
      user_id: t.userId,
      category_id: t.categoryId,
      priority_id: t.priorityId,
      title: t.title ?? 'Printer tidak bisa mencetak',
      description: t.description ?? 'Test ticket',
      status,
      assigned_to: t.assignedTo ?? null,
      created_at: createdAt,
      updated_at: createdAt,
      resolved_at: t.resolvedAt === undefined ? (resolved ? createdAt : null) : t.resolvedAt,
      closed_at: status === 'CLOSED' ? createdAt : null,
      on_hold_since: status === 'ON_HOLD' ? createdAt : null,
      sla_deadline: t.slaDeadline ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2026-11-02T02:00:00Z')) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d: Date) => {
      now = d.getTime();
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}
