import { randomBytes } from 'node:crypto';
import type { Role } from '@bantu/contracts';
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

export async function makeTicket(db: DB, values: { userId: string; categoryId: string; priorityId: string }) {
  return db
    .insertInto('tickets')
    .values({
      ticket_number: `TKT-TEST-${unique()}`,
      user_id: values.userId,
      category_id: values.categoryId,
      priority_id: values.priorityId,
      title: 'Printer tidak bisa mencetak',
      description: 'Test ticket',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
