import type { Role } from '@bantu/contracts';
import type { DB } from '@/db/database';
import { hashPassword } from '@/lib/password';
import { rebuildReportStatsIn } from '@/modules/reports/reports.stats';
import { settingsService } from '@/modules/settings/settings.service';
import { loadSlaContext } from '@/modules/sla/sla.engine';
import * as slaRepo from '@/modules/sla/sla.repository';
import { DEMO_HOLIDAYS } from './demo.holidays';
import { writeDemoTickets, type DemoPriority } from './demo.tickets';

export const DEMO_PASSWORD = 'demo1234';

/** The sign-in accounts, one per role (and a second of some), printed at the first start. */
export const DEMO_USERS: { email: string; name: string; role: Role; division: string; phone?: string }[] = [
  { email: 'admin@demo.local', name: 'Admin Demo', role: 'admin', division: 'IT' },
  { email: 'manager@demo.local', name: 'Maya Manajer', role: 'manager', division: 'IT' },
  { email: 'staff@demo.local', name: 'Sari Teknisi', role: 'it_staff', division: 'IT', phone: '+6281200000001' },
  { email: 'staff2@demo.local', name: 'Budi Teknisi', role: 'it_staff', division: 'IT', phone: '+6281200000002' },
  { email: 'user@demo.local', name: 'Andi Pegawai', role: 'user', division: 'Keuangan', phone: '+6281200000003' },
  { email: 'user2@demo.local', name: 'Dewi Pegawai', role: 'user', division: 'Pemasaran' },
];

/** More employees who report problems in the demo's tickets (same password, role user). */
export const DEMO_REQUESTERS: { email: string; name: string; division: string }[] = [
  { email: 'rina.kusumawati@demo.local', name: 'Rina Kusumawati', division: 'Sumber Daya Manusia' },
  { email: 'agus.setiawan@demo.local', name: 'Agus Setiawan', division: 'Operasional' },
  { email: 'putri.maharani@demo.local', name: 'Putri Maharani', division: 'Penjualan' },
  { email: 'hendra.gunawan@demo.local', name: 'Hendra Gunawan', division: 'Logistik' },
  { email: 'fitri.handayani@demo.local', name: 'Fitri Handayani', division: 'Hukum' },
  { email: 'yusuf.hidayat@demo.local', name: 'Yusuf Hidayat', division: 'Keuangan' },
];

export const DEMO_CATEGORIES: { name: string; description: string }[] = [
  { name: 'Perangkat Keras', description: 'Laptop, PC, monitor, keyboard, baterai' },
  { name: 'Perangkat Lunak', description: 'Aplikasi kantor, instalasi, lisensi, error aplikasi' },
  { name: 'Jaringan', description: 'Wi-Fi, VPN, internet, folder bersama' },
  { name: 'Email', description: 'Kotak masuk, pengiriman, spam dan phishing' },
  { name: 'Akun & Akses', description: 'Akun terkunci, reset password, hak akses aplikasi' },
  { name: 'Printer', description: 'Printer, scanner, mesin fotokopi' },
  { name: 'Lainnya', description: 'Proyektor, telepon, pendampingan acara' },
];

export const DEMO_PRIORITIES: {
  name: DemoPriority;
  level: number;
  color: string;
  hours: number;
  firstResponseHours: number;
  isDefault?: boolean;
}[] = [
  { name: 'Kritis', level: 1, color: '#e03131', hours: 4, firstResponseHours: 1 },
  { name: 'Tinggi', level: 2, color: '#f76707', hours: 8, firstResponseHours: 2 },
  { name: 'Sedang', level: 3, color: '#1c7ed6', hours: 24, firstResponseHours: 4, isDefault: true },
  { name: 'Rendah', level: 4, color: '#868e96', hours: 72, firstResponseHours: 8 },
];

/** The default escalation levels (migration 20261130110000) in the demo's language. */
const DEMO_LEVEL_NAMES: Record<string, string> = {
  'At risk': 'Peringatan: berisiko terlambat',
  Breached: 'Batas SLA terlampaui',
  'Escalation to managers': 'Eskalasi ke manajer',
};

const DAY: [number, number][] = [
  [8 * 60, 12 * 60],
  [13 * 60, 17 * 60],
];
/** Working hours of the demo organisation: Monday to Friday 08:00-17:00 with a lunch hour (Asia/Jakarta). */
const DEMO_WEEK: [number, number][][] = [[], DAY, DAY, DAY, DAY, DAY, []];

export interface SeedDemoOptions {
  /**
   * Also the organisation's working life: the working-hours calendar with Indonesian holidays,
   * more requesters and a few weeks of tickets. What `npm start` and `seed-demo` seed; tests
   * that only need accounts, categories and priorities leave it off (24x7 calendar, no tickets).
   */
  tickets?: boolean;
  /** The moment the demo's history ends (default: now). */
  now?: Date;
}

/** Seeds the demo organisation in one transaction; a second run changes nothing. */
export async function seedDemo(db: DB, options: SeedDemoOptions = {}): Promise<{ seeded: boolean; tickets: number }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = options.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('users')
      .select('id')
      .where('email', '=', DEMO_USERS[0]!.email)
      .executeTakeFirst();
    if (existing) return { seeded: false, tickets: 0 };
    const accounts = [
      ...DEMO_USERS,
      ...(options.tickets ? DEMO_REQUESTERS.map((r) => ({ ...r, role: 'user' as const, phone: undefined })) : []),
    ];
    await trx
      .insertInto('users')
      .values(accounts.map((u) => ({ ...u, phone: u.phone ?? null, password_hash: passwordHash, locale: 'id' })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('categories')
      .values(DEMO_CATEGORIES)
      .onConflict((oc) => oc.doNothing())
      .execute();
    const priorities = new Map<DemoPriority, { id: string; level: number }>();
    for (const p of DEMO_PRIORITIES) {
      const priority = await trx
        .insertInto('priorities')
        .values({ name: p.name, level: p.level, color: p.color, is_default: p.isDefault ?? false })
        .returning(['id', 'level'])
        .executeTakeFirstOrThrow();
      priorities.set(p.name, priority);
      const critical = p.level === 1;
      await trx
        .insertInto('sla_rules')
        .values({
          priority_id: priority.id,
          duration_hours: p.hours,
          first_response_hours: p.firstResponseHours,
          // Kritis counts around the clock; the others in the calendar's working hours.
          business_hours: !critical,
          description: critical
            ? `${p.name}: selesai dalam ${p.hours} jam, 24x7`
            : `${p.name}: selesai dalam ${p.hours} jam kerja`,
        })
        .execute();
    }
    for (const [from, to] of Object.entries(DEMO_LEVEL_NAMES)) {
      await trx.updateTable('sla_escalation_levels').set({ name: to }).where('name', '=', from).execute();
    }
    if (!options.tickets) return { seeded: true, tickets: 0 };

    await slaRepo.writeCalendar(trx, { timezone: 'Asia/Jakarta', always_open: false, week: DEMO_WEEK }, now);
    await slaRepo.insertHolidays(
      trx,
      DEMO_HOLIDAYS.map((h) => ({ ...h, yearly: false })),
    );
    const settings = await settingsService(trx).get();
    // Rows that existed before (a name or e-mail already taken) take part as they are.
    const users = await trx
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where(
        'email',
        'in',
        accounts.map((u) => u.email),
      )
      .execute();
    const categories = await trx
      .selectFrom('categories')
      .select(['id', 'name'])
      .where(
        'name',
        'in',
        DEMO_CATEGORIES.map((c) => c.name),
      )
      .execute();
    const byEmail = new Map(users.map((u) => [u.email, u]));
    const person = (email: string) => {
      const u = byEmail.get(email)!;
      return { id: u.id, name: u.name };
    };
    const { tickets } = await writeDemoTickets(trx, {
      now,
      ctx: await loadSlaContext(trx),
      people: {
        requesters: [
          ...DEMO_USERS.filter((u) => u.role === 'user').map((u) => person(u.email)),
          ...DEMO_REQUESTERS.map((u) => person(u.email)),
        ],
        staff: DEMO_USERS.filter((u) => u.role === 'it_staff').map((u) => person(u.email)),
        dispatcher: person('manager@demo.local'),
      },
      categories: new Map(categories.map((c) => [c.name, c.id])),
      priorities,
      timezone: settings.timezone,
      prefix: settings.ticketNumberPrefix,
      autoCloseDays: settings.autoCloseDays,
    });
    // The tickets are written as rows, so the report summary table is rebuilt from them here.
    await rebuildReportStatsIn(trx);
    return { seeded: true, tickets };
  });
}
