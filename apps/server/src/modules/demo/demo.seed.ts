import type { Role } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { hashPassword } from '@/lib/password';

export const DEMO_PASSWORD = 'demo1234';

export const DEMO_USERS: { email: string; name: string; role: Role; division: string; phone?: string }[] = [
  { email: 'admin@demo.local', name: 'Admin Demo', role: 'admin', division: 'IT' },
  { email: 'manager@demo.local', name: 'Maya Manajer', role: 'manager', division: 'IT' },
  { email: 'staff@demo.local', name: 'Sari Teknisi', role: 'it_staff', division: 'IT', phone: '+6281200000001' },
  { email: 'staff2@demo.local', name: 'Budi Teknisi', role: 'it_staff', division: 'IT', phone: '+6281200000002' },
  { email: 'user@demo.local', name: 'Andi Pegawai', role: 'user', division: 'Keuangan', phone: '+6281200000003' },
  { email: 'user2@demo.local', name: 'Dewi Pegawai', role: 'user', division: 'Pemasaran' },
];

export const DEMO_CATEGORIES = ['Hardware', 'Software', 'Network', 'Email', 'Account & Access', 'Printer', 'Other'];

export const DEMO_PRIORITIES: {
  name: string;
  level: number;
  color: string;
  hours: number;
  firstResponseHours: number;
  isDefault?: boolean;
}[] = [
  { name: 'Critical', level: 1, color: '#e03131', hours: 4, firstResponseHours: 1 },
  { name: 'High', level: 2, color: '#f76707', hours: 8, firstResponseHours: 2 },
  { name: 'Medium', level: 3, color: '#1c7ed6', hours: 24, firstResponseHours: 4, isDefault: true },
  { name: 'Low', level: 4, color: '#868e96', hours: 72, firstResponseHours: 8 },
];

/** Seeds the demo organisation in one transaction; a second run changes nothing. */
export async function seedDemo(db: DB): Promise<{ seeded: boolean }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_USERS[0]!.email)
      .executeTakeFirst();
    if (existing) return { seeded: false };
    await trx
      .insertInto('users')
      .values(DEMO_USERS.map((u) => ({ ...u, phone: u.phone ?? null, password_hash: passwordHash, locale: 'id' })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('categories')
      .values(DEMO_CATEGORIES.map((name) => ({ name })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const p of DEMO_PRIORITIES) {
      const priority = await trx
        .insertInto('priorities')
        .values({ name: p.name, level: p.level, color: p.color, is_default: p.isDefault ?? false })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('sla_rules')
        .values({
          priority_id: priority.id,
          duration_hours: p.hours,
          first_response_hours: p.firstResponseHours,
          // Critical counts around the clock; the others in business hours once the calendar has them.
          business_hours: p.level !== 1,
          description: `${p.name}: resolve within ${p.hours} h`,
        })
        .execute();
    }
    return { seeded: true };
  });
}
