import { performance } from 'node:perf_hooks';
import type pg from 'pg';

/**
 * Bulk data for the benchmark, generated inside PostgreSQL with set-based SQL (generate_series and
 * INSERT ... SELECT), so 1,000,000 tickets with 3,000,000 comments take minutes, not hours.
 *
 * Loading tricks, all confined to the throwaway bench database and the seeding session:
 * - secondary indexes of tickets and ticket_comments are dropped before the load and rebuilt
 *   from their own definitions (pg_get_indexdef) afterwards, so the schema stays exactly the
 *   migrations' one;
 * - session_replication_role = replica skips the foreign-key triggers (the generator only uses
 *   ids that exist); synchronous_commit = off.
 * The generated columns tickets.search and ticket_comments.search are computed by PostgreSQL.
 */

export interface SeedOptions {
  tickets: number;
  requesters?: number;
  staff?: number;
  /** Tickets per INSERT statement (each also inserts 3 comments per ticket). */
  batchSize?: number;
  /** Tickets owned by user@demo.local, the requester of the "my tickets" scenario. */
  demoUserTickets?: number;
  log: (line: string) => void;
}

export interface SeedReport {
  tickets: number;
  comments: number;
  users: number;
  seconds: { users: number; rows: number; indexes: number; vacuum: number; total: number };
  indexes: { name: string; seconds: number }[];
  sizes: { tickets: string; ticketComments: string; database: string };
  statusMix: Record<string, number>;
}

const SPAN_DAYS = 730;

// Word lists, most common first: picks are skewed towards the start (power of random()), so search
// words range from frequent ("laptop", "printer") to rare ("proyektor", "kartu").
// prettier-ignore
const VOCAB = {
  subjects: [
    'Laptop', 'Printer', 'Email', 'Wi-Fi', 'VPN', 'Outlook', 'Komputer', 'Akun', 'Password', 'Jaringan', 'Internet',
    'Monitor', 'Aplikasi SAP', 'Microsoft Teams', 'Zoom', 'Excel', 'Keyboard', 'Mouse', 'Scanner', 'Telepon IP',
    'Proyektor', 'Server file', 'Headset', 'Webcam', 'Docking station', 'Hard disk', 'Antivirus', 'Browser Chrome',
    'Shared drive', 'Kartu akses',
  ],
  problems: [
    'tidak bisa login', 'lambat sekali', 'tidak menyala', 'error saat dibuka', 'tidak terhubung',
    'minta reset password', 'cannot connect', 'not working', 'sering hang', 'keeps crashing', 'blue screen',
    'perlu instalasi', 'request access', 'kertas macet', 'layar berkedip', 'tidak bisa print', 'sync error',
    'lisensi habis', 'suara putus-putus', 'baterai cepat habis', 'password expired', 'tidak terdeteksi',
    'update gagal', 'disk penuh',
  ],
  places: [
    'di lantai 2', 'sejak pagi', 'di lantai 5', 'ruang rapat Merapi', 'setelah update Windows',
    'kantor cabang Surabaya', 'gedung B', 'after the weekend', 'for the whole team', 'di ruang finance', 'saat WFH',
    'kantor cabang Medan',
  ],
  sentences: [
    'Mohon bantuannya segera karena mengganggu pekerjaan.',
    'Sudah dicoba restart tetapi masih sama.',
    'This started after the latest Windows update.',
    'Pesan error: "Connection timed out".',
    'Beberapa rekan satu tim juga mengalami masalah yang sama.',
    'I need this fixed before the monthly closing.',
    'Sudah coba ganti kabel LAN, hasilnya sama.',
    'The error appears every time I open the application.',
    'Terjadi sejak kemarin sore.',
    'Tolong dicek dari sisi server.',
    'Nomor aset tertera di stiker belakang perangkat.',
    'Please call me on my extension if you need details.',
    'Lampu indikator berkedip oranye.',
    'Data laporan keuangan jangan sampai hilang.',
    'It worked fine yesterday.',
    'Saya sedang presentasi ke klien jam 2 siang.',
  ],
  staffReplies: [
    'Sudah kami cek, mohon restart perangkat Anda lalu coba lagi.',
    'We have reset your password; please sign in and change it.',
    'Teknisi kami akan datang ke meja Anda siang ini.',
    'Please send a screenshot of the error message.',
    'Driver printer sudah kami install ulang.',
    'Akses sudah diberikan, silakan coba kembali.',
    'Koneksi VPN sudah normal kembali setelah perbaikan di firewall.',
    'Kami sedang menunggu suku cadang dari vendor.',
  ],
  requesterReplies: [
    'Terima kasih, sudah bisa digunakan.',
    'Masih error setelah restart.',
    'Thanks, it works now.',
    'Kapan teknisi bisa datang?',
    'Screenshot terlampir.',
    'Still not working on my side.',
    'Baik, saya tunggu kabarnya.',
  ],
  internalNotes: [
    'Eskalasi ke tim jaringan.',
    'Toner habis, perlu order ke vendor.',
    'Check AD group membership before granting access.',
    'Kemungkinan kabel patch panel rusak.',
    'Known issue after the last patch, see vendor case.',
    'Perlu approval atasan untuk akses ini.',
  ],
  holdReasons: [
    'Menunggu suku cadang dari vendor',
    'Waiting for the user to be back from leave',
    'Menunggu approval manajer',
    'Vendor is investigating',
  ],
  resolutions: [
    'Driver diperbarui dan perangkat berfungsi normal.',
    'Password reset and MFA re-enrolled.',
    'Kabel LAN diganti.',
    'Reinstalled the application.',
    'Toner diganti.',
    'Access granted after manager approval.',
  ],
  firstNames: [
    'Andi', 'Budi', 'Citra', 'Dewi', 'Eko', 'Fitri', 'Gita', 'Hendra', 'Indah', 'Joko', 'Kartika', 'Lukman', 'Maya',
    'Nanda', 'Oki', 'Putri', 'Rizky', 'Sari', 'Teguh', 'Wulan', 'Yusuf', 'Agus', 'Bayu', 'Rina',
  ],
  lastNames: [
    'Santoso', 'Wijaya', 'Pratama', 'Saputra', 'Hidayat', 'Nugroho', 'Lestari', 'Kurniawan', 'Siregar', 'Halim',
    'Gunawan', 'Setiawan', 'Rahman', 'Susanto', 'Hartono', 'Wibowo',
  ],
  divisions: ['Keuangan', 'Pemasaran', 'Operasional', 'SDM', 'Penjualan', 'Legal', 'Logistik', 'Produksi'],
};

/** `arr[1 + floor(random()^skew * n)]`: skew 1 is uniform, larger favours the first entries. */
const pick = (array: string, skew = 1) =>
  `${array}[1 + floor(${skew === 1 ? 'random()' : `power(random(), ${skew})`} * cardinality(${array}))::int]`;

/**
 * One statement per batch: tickets i in [lo, hi], evenly spread over the last 24 months (oldest
 * first, so numbers grow with time inside a month), and 3 comments each. Ticket numbers continue
 * from ticket_number_counters, which the statement also advances, so POST /api/tickets later
 * continues the sequence of the current month.
 */
const BATCH_SQL = `
WITH
ref AS (
  SELECT
    (SELECT array_agg(id ORDER BY email) FROM users WHERE role = 'user' AND email LIKE 'bench.%') AS requesters,
    (SELECT array_agg(id ORDER BY email) FROM users WHERE role = 'it_staff' AND status) AS staff,
    (SELECT id FROM users WHERE email = 'user@demo.local') AS demo_user,
    (SELECT array_agg(id ORDER BY name) FROM categories WHERE is_active) AS categories,
    (SELECT array_agg(p.id ORDER BY p.level) FROM priorities p WHERE p.is_active) AS priorities,
    (SELECT array_agg(p.level ORDER BY p.level) FROM priorities p WHERE p.is_active) AS levels,
    (SELECT array_agg(r.duration_hours ORDER BY p.level) FROM priorities p
       LEFT JOIN sla_rules r ON r.priority_id = p.id AND r.is_active WHERE p.is_active) AS hours,
    (SELECT array_agg(r.first_response_hours ORDER BY p.level) FROM priorities p
       LEFT JOIN sla_rules r ON r.priority_id = p.id AND r.is_active WHERE p.is_active) AS first_hours
),
g AS (
  SELECT i,
    now() - make_interval(secs => ($3::bigint - i + random()) * ${SPAN_DAYS} * 86400.0 / $3::bigint) AS created_at,
    random() AS r_status, random() AS r_kind, random() AS r_priority, random() AS r1, random() AS r2, random() AS r3
  FROM generate_series($1::bigint, $2::bigint) AS i
),
s AS (
  SELECT g.*,
    -- Recent tickets are mostly still being worked on; a few old ones are stuck (about 5 % active).
    CASE WHEN g.r_status < CASE WHEN g.created_at > now() - interval '7 days' THEN 0.95
                                WHEN g.created_at > now() - interval '30 days' THEN 0.6
                                WHEN g.created_at > now() - interval '90 days' THEN 0.15
                                ELSE 0.012 END
         THEN CASE WHEN g.r_kind < 0.4 THEN 'OPEN' WHEN g.r_kind < 0.85 THEN 'IN_PROGRESS' ELSE 'ON_HOLD' END
         -- Auto-close takes RESOLVED tickets to CLOSED after 3 days.
         WHEN g.created_at > now() - interval '60 hours' THEN 'RESOLVED'
         ELSE 'CLOSED' END::ticket_status AS status,
    least(cardinality(ref.priorities),
      CASE WHEN g.r_priority < 0.05 THEN 1 WHEN g.r_priority < 0.25 THEN 2 WHEN g.r_priority < 0.8 THEN 3 ELSE 4 END)
      AS p
  FROM g CROSS JOIN ref
),
t AS (
  SELECT s.*,
    ref.hours[s.p] * interval '1 hour' AS target,
    ref.first_hours[s.p] * interval '1 hour' AS first_target,
    -- 5 % of the closed ones were withdrawn or closed without a resolution.
    CASE WHEN s.status = 'RESOLVED' OR (s.status = 'CLOSED' AND s.r2 >= 0.05)
         THEN least(now(), s.created_at + s.r3 * 1.4 * coalesce(ref.hours[s.p], 24) * interval '1 hour') END
      AS resolved_at,
    CASE WHEN s.status <> 'OPEN'
         THEN least(now(), s.created_at + s.r1 * 1.5 * coalesce(ref.first_hours[s.p], 4) * interval '1 hour') END
      AS first_response_at,
    CASE WHEN s.status = 'ON_HOLD' THEN s.created_at + s.r1 * (now() - s.created_at) END AS on_hold_since
  FROM s CROSS JOIN ref
),
u AS (
  SELECT t.*,
    CASE WHEN t.status = 'CLOSED'
         THEN least(now(), coalesce(t.resolved_at, t.created_at + t.r3 * interval '2 days') + t.r1 * interval '3 days')
    END AS closed_at,
    to_char(t.created_at AT TIME ZONE 'Asia/Jakarta', 'YYYYMM') AS period
  FROM t
),
numbered AS (
  SELECT u.*,
    coalesce(c.last_value, 0) + row_number() OVER (PARTITION BY u.period ORDER BY u.created_at, u.i) AS seq
  FROM u LEFT JOIN ticket_number_counters c ON c.period = u.period
),
counters AS (
  INSERT INTO ticket_number_counters (period, last_value)
  SELECT period, max(seq) FROM numbered GROUP BY period
  ON CONFLICT (period) DO UPDATE SET last_value = excluded.last_value
),
ins AS (
  INSERT INTO tickets (
    ticket_number, user_id, assigned_to, category_id, priority_id, priority_level, title, description, status,
    sla_deadline, sla_at_risk_at, first_response_due_at, first_response_at, resolved_at, closed_at,
    on_hold_since, hold_reason, resolution_note, rating, version, created_at, updated_at)
  SELECT
    'TKT-' || n.period || '-' || lpad(n.seq::text, greatest(5, length(n.seq::text)), '0'),
    CASE WHEN n.i % $4::bigint = 0 THEN ref.demo_user ELSE ${pick('ref.requesters', 1.2)} END,
    CASE WHEN n.status <> 'OPEN' THEN ${pick('ref.staff', 1.3)} END,
    ${pick('ref.categories', 1.2)},
    ref.priorities[n.p],
    ref.levels[n.p],
    n.title,
    'Halo tim IT, ' || lower(n.title) || '. ' || ${pick('v.sentences', 1.3)} || ' ' || ${pick('v.sentences')} || ' '
      || ${pick('v.sentences')} || ' Lokasi: ' || ${pick('v.places')} || ', ext. ' || (1000 + floor(n.r3 * 9000))::int || '.'
      -- The long tail real text has (asset tags, host names): without it ANALYZE sees only frequent
      -- words and the planner's guess for any other word is far too high.
      || CASE WHEN n.r1 < 0.7 THEN ' Aset NB-' || lpad(floor(random() * 60000)::int::text, 5, '0')
              || ', host ' || lower(${pick('v.divisions')}) || '-pc' || floor(random() * 900)::int || '.' ELSE '' END,
    n.status,
    n.created_at + n.target,
    n.created_at + n.target * 0.8,
    n.created_at + n.first_target,
    n.first_response_at,
    n.resolved_at,
    n.closed_at,
    n.on_hold_since,
    CASE WHEN n.status = 'ON_HOLD' THEN ${pick('v.hold_reasons')} END,
    CASE WHEN n.resolved_at IS NOT NULL THEN ${pick('v.resolutions')} END,
    CASE WHEN n.status = 'CLOSED' AND n.resolved_at IS NOT NULL AND n.r2 < 0.6 THEN 3 + floor(n.r1 * 3)::int END,
    CASE n.status WHEN 'OPEN' THEN 1 WHEN 'IN_PROGRESS' THEN 2 WHEN 'ON_HOLD' THEN 3 WHEN 'RESOLVED' THEN 3 ELSE 4 END,
    n.created_at,
    greatest(n.created_at, n.first_response_at, n.on_hold_since, n.resolved_at, n.closed_at)
  FROM (
    SELECT numbered.*,
      ${pick('v.subjects', 1.6)} || ' ' || ${pick('v.problems', 1.4)}
        || CASE WHEN numbered.r2 < 0.5 THEN ' ' || ${pick('v.places')} ELSE '' END AS title
    FROM numbered CROSS JOIN vocab v
  ) n CROSS JOIN ref CROSS JOIN vocab v
  RETURNING id, user_id, assigned_to, created_at, updated_at
)
INSERT INTO ticket_comments (ticket_id, user_id, comment, is_internal, created_at)
SELECT c.id,
  CASE WHEN c.k = 2 OR c.assigned_to IS NULL THEN c.user_id ELSE c.assigned_to END,
  CASE WHEN c.internal THEN ${pick('v.internal_notes')}
       WHEN c.k = 2 OR c.assigned_to IS NULL THEN ${pick('v.requester_replies')}
       ELSE ${pick('v.staff_replies')}
            || CASE WHEN random() < 0.5 THEN ' Dicek di ' || lower(${pick('v.divisions')}) || '-pc' || floor(random() * 300)::int
                    || ', ref INC' || (100000 + floor(random() * 900000))::int || '.' ELSE '' END
       END,
  c.internal,
  c.created_at + (c.updated_at - c.created_at) * (c.k / 4.0)::float8 + c.k * interval '1 second'
FROM (
  -- random() in a subquery's select list is evaluated once per row (volatile: not flattened).
  SELECT ins.*, k, k = 3 AND ins.assigned_to IS NOT NULL AND random() < 0.5 AS internal
  FROM ins CROSS JOIN generate_series(1, 3) AS k
) c CROSS JOIN vocab v
`;

export async function seed(client: pg.Client, options: SeedOptions): Promise<SeedReport> {
  const { log } = options;
  const requesters = options.requesters ?? 2000;
  const staff = options.staff ?? 40;
  const batchSize = options.batchSize ?? 100_000;
  const demoUserTickets = options.demoUserTickets ?? 50;
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  await client.query(`SET synchronous_commit = off`);
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET maintenance_work_mem = '1GB'`);
  await client.query(`SET work_mem = '256MB'`);

  await client.query(
    `CREATE TEMP TABLE vocab AS SELECT
      $1::text[] AS subjects, $2::text[] AS problems, $3::text[] AS places, $4::text[] AS sentences,
      $5::text[] AS staff_replies, $6::text[] AS requester_replies, $7::text[] AS internal_notes,
      $8::text[] AS hold_reasons, $9::text[] AS resolutions, $10::text[] AS first_names, $11::text[] AS last_names,
      $12::text[] AS divisions`,
    [
      VOCAB.subjects,
      VOCAB.problems,
      VOCAB.places,
      VOCAB.sentences,
      VOCAB.staffReplies,
      VOCAB.requesterReplies,
      VOCAB.internalNotes,
      VOCAB.holdReasons,
      VOCAB.resolutions,
      VOCAB.firstNames,
      VOCAB.lastNames,
      VOCAB.divisions,
    ],
  );

  // Requesters and IT staff next to the demo accounts; they never sign in (no password).
  const name = `v.first_names[1 + i % cardinality(v.first_names)] || ' ' || v.last_names[1 + (i / cardinality(v.first_names)) % cardinality(v.last_names)]`;
  const users = await client.query(
    `INSERT INTO users (name, email, division, role, locale, created_at, updated_at)
     SELECT ${name}, 'bench.user' || lpad(i::text, 5, '0') || '@example.test', ${pick('v.divisions')}, 'user'::user_role,
            CASE WHEN i % 4 = 0 THEN 'en' ELSE 'id' END, now() - interval '800 days', now() - interval '800 days'
       FROM generate_series(1, $1::int) i CROSS JOIN vocab v
     UNION ALL
     SELECT ${name}, 'bench.staff' || lpad(i::text, 3, '0') || '@example.test', 'IT', 'it_staff'::user_role, 'id',
            now() - interval '800 days', now() - interval '800 days'
       FROM generate_series(1, $2::int) i CROSS JOIN vocab v`,
    [requesters, staff],
  );
  const usersSeconds = (performance.now() - started) / 1000;
  log(`  users: ${users.rowCount} requesters and IT staff (${elapsed()})`);

  // Secondary indexes go now and come back after the load (one sorted build beats N inserts).
  const { rows: indexes } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ('tickets', 'ticket_comments')
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname DESC, name`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  log(`  dropped ${indexes.length} secondary indexes for the load`);

  const rowsStarted = performance.now();
  const every = Math.max(1, Math.floor(options.tickets / demoUserTickets));
  let comments = 0;
  for (let lo = 1; lo <= options.tickets; lo += batchSize) {
    const hi = Math.min(options.tickets, lo + batchSize - 1);
    const result = await client.query(BATCH_SQL, [lo, hi, options.tickets, every]);
    comments += result.rowCount ?? 0;
    log(
      `  tickets ${hi.toLocaleString('en')}/${options.tickets.toLocaleString('en')}, comments ${comments.toLocaleString('en')} (${elapsed()})`,
    );
  }
  const rowsSeconds = (performance.now() - rowsStarted) / 1000;

  const indexesStarted = performance.now();
  const indexTimes: SeedReport['indexes'] = [];
  for (const index of indexes) {
    const t0 = performance.now();
    await client.query(index.def);
    const seconds = (performance.now() - t0) / 1000;
    indexTimes.push({ name: index.name, seconds });
    log(`  index ${index.name}: ${seconds.toFixed(1)} s (${elapsed()})`);
  }
  const indexesSeconds = (performance.now() - indexesStarted) / 1000;

  const vacuumStarted = performance.now();
  await client.query(`SET session_replication_role = DEFAULT`);
  await client.query(`VACUUM (ANALYZE) users, tickets, ticket_comments, ticket_number_counters`);
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  log(`  VACUUM ANALYZE (${elapsed()})`);

  return {
    ...(await describeData(client)),
    tickets: options.tickets,
    comments,
    seconds: {
      users: usersSeconds,
      rows: rowsSeconds,
      indexes: indexesSeconds,
      vacuum: vacuumSeconds,
      total: (performance.now() - started) / 1000,
    },
    indexes: indexTimes,
  };
}

/** What a database holds (also for a reused one, which has no seeding times). */
export async function describeData(client: pg.Client): Promise<SeedReport> {
  const { rows: mix } = await client.query<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM tickets GROUP BY status ORDER BY status`,
  );
  const { rows: sizes } = await client.query<{ tickets: string; comments: string; database: string }>(
    `SELECT pg_size_pretty(pg_total_relation_size('tickets')) AS tickets,
            pg_size_pretty(pg_total_relation_size('ticket_comments')) AS comments,
            pg_size_pretty(pg_database_size(current_database())) AS database`,
  );
  const { rows: counts } = await client.query<{ users: number; tickets: number; comments: number }>(
    `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM tickets)::int AS tickets,
            (SELECT count(*) FROM ticket_comments)::int AS comments`,
  );
  return {
    tickets: counts[0]!.tickets,
    comments: counts[0]!.comments,
    users: counts[0]!.users,
    seconds: { users: 0, rows: 0, indexes: 0, vacuum: 0, total: 0 },
    indexes: [],
    sizes: { tickets: sizes[0]!.tickets, ticketComments: sizes[0]!.comments, database: sizes[0]!.database },
    statusMix: Object.fromEntries(mix.map((m) => [m.status, m.n])),
  };
}
