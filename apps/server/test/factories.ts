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

/** Categories with these names; answers their ids by name. */
export async function makeCategories<const N extends string>(db: DB, names: readonly N[]) {
  const ids = {} as Record<N, string>;
  for (const name of names) ids[name] = (await makeCategory(db, { name })).id;
  return ids;
}

let nextLevel = 50;
export async function makePriority(
  db: DB,
  overrides: {
    name?: string;
    level?: number;
    isDefault?: boolean;
    /** With an SLA rule of these hours (resolution; first response optional). */
    sla?: { hours: number; firstResponseHours?: number | null; businessHours?: boolean };
  } = {},
) {
  const priority = await db
    .insertInto('priorities')
    .values({
      name: overrides.name ?? `Priority ${unique()}`,
      level: overrides.level ?? nextLevel++,
      color: '#123456',
      is_default: overrides.isDefault ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (overrides.sla) await makeSlaRule(db, { priorityId: priority.id, ...overrides.sla });
  return priority;
}

/** An SLA rule; its priority is created when none is given. */
export async function makeSlaRule(
  db: DB,
  r: { priorityId?: string; hours?: number; firstResponseHours?: number | null; businessHours?: boolean } = {},
) {
  const priorityId = r.priorityId ?? (await makePriority(db)).id;
  return db
    .insertInto('sla_rules')
    .values({
      priority_id: priorityId,
      duration_hours: r.hours ?? 24,
      first_response_hours: r.firstResponseHours === undefined ? 4 : r.firstResponseHours,
      business_hours: r.businessHours ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The usual ladder of four priorities, each with its SLA rule, Sedang the default (what a
 * ticket created without a priority gets): Kritis 4 h around the clock, Tinggi 8 h, Sedang
 * 24 h, Rendah 72 h in working hours. Answers the ids by name.
 */
export async function makePriorities(db: DB) {
  const ladder = [
    { name: 'Kritis', level: 1, hours: 4, firstResponseHours: 1, businessHours: false },
    { name: 'Tinggi', level: 2, hours: 8, firstResponseHours: 2, businessHours: true },
    { name: 'Sedang', level: 3, hours: 24, firstResponseHours: 4, businessHours: true, isDefault: true },
    { name: 'Rendah', level: 4, hours: 72, firstResponseHours: 8, businessHours: true },
  ] as const;
  const ids: Record<(typeof ladder)[number]['name'], string> = { Kritis: '', Tinggi: '', Sedang: '', Rendah: '' };
  for (const p of ladder) {
    const row = await makePriority(db, {
      name: p.name,
      level: p.level,
      isDefault: 'isDefault' in p,
      sla: { hours: p.hours, firstResponseHours: p.firstResponseHours, businessHours: p.businessHours },
    });
    ids[p.name] = row.id;
  }
  return ids;
}

export interface TicketOverrides {
  /** The requester; a new user when absent. */
  userId?: string;
  /** A new category when absent. */
  categoryId?: string;
  /** A new priority with an SLA rule when absent. */
  priorityId?: string;
  status?: TicketStatus;
  assignedTo?: string | null;
  title?: string;
  description?: string;
  createdAt?: Date;
  resolvedAt?: Date | null;
  slaDeadline?: Date | null;
}

/**
 * A ticket straight in the database, in any state (the API's rules are tested elsewhere),
 * with the parents it needs: `makeTicket(db, { status: 'ON_HOLD' })` creates its requester,
 * category and priority (with an SLA rule) too.
 */
export async function makeTicket(db: DB, t: TicketOverrides = {}) {
  const status = t.status ?? 'OPEN';
  const createdAt = t.createdAt ?? new Date();
  const resolved = status === 'RESOLVED' || status === 'CLOSED';
  const userId = t.userId ?? (await makeUser(db)).id;
  const categoryId = t.categoryId ?? (await makeCategory(db)).id;
  const priorityId = t.priorityId ?? (await makePriority(db, { sla: { hours: 24 } })).id;
  return db
    .insertInto('tickets')
    .values({
      ticket_number: `TKT-TEST-${unique()}`,
      user_id: userId,
      category_id: categoryId,
      priority_id: priorityId,
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
