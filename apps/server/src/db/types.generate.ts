import { sql, type QueryExecutorProvider } from 'kysely';

/**
 * Writes db/types.ts from a migrated database (information_schema and pg_catalog): one
 * interface per table, columns in their order, nullability, defaults (`Generated`), PostgreSQL
 * enums and `CHECK (x = ANY (ARRAY[...]))` constraints as literal unions. What the catalog
 * cannot say (the shape of a JSON column, a contracts type) is in OVERRIDES below.
 * `npm run db:types` regenerates the file; db/types.int.test.ts fails when it drifts.
 */

/** PostgreSQL enum types -> the contracts type of the same values. */
const ENUMS: Record<string, { type: string; from: string }> = {
  ticket_status: { type: 'TicketStatus', from: '@bantu/contracts' },
  user_role: { type: 'Role', from: '@bantu/contracts' },
};

/** Column types the catalog cannot tell (JSON shapes, text kept as text, bigint as string). */
const OVERRIDES: Record<string, string> = {
  'sla_calendar.week': 'ColumnType<[number, number][][], string, string>',
  'sla_clock_events.data': 'ColumnType<Record<string, unknown>, string | undefined, string>',
  'mailboxes.allowed_domains': 'ColumnType<string[], string | undefined, string>',
  'mailboxes.rules': 'ColumnType<unknown[], string | undefined, string>',
  'mailboxes.uid_validity': 'ColumnType<string | null, string | number | null, string | number | null>',
  'mailboxes.last_uid': 'ColumnType<string, string | number | undefined, string | number>',
  'sso_providers.allowed_domains': 'ColumnType<string[], string | undefined, string>',
  'sso_providers.role_mappings': 'ColumnType<SsoRoleMapping[], string | undefined, string>',
  'sso_providers.division_mappings': 'ColumnType<SsoDivisionMapping[], string | undefined, string>',
  'sso_policy.break_glass_user_ids': 'ColumnType<string[], string | undefined, string>',
};

/** Column comments (JSDoc in the generated file). */
const DOCS: Record<string, string> = {
  'tickets.requester_division': "The requester's division when the ticket was created (reports, all-tickets filter).",
  'tickets.resolution_minutes': 'SLA clock minutes at the resolution (business minutes when resolution_business).',
  'tickets.first_response_minutes':
    'SLA clock minutes at the first staff response (business minutes when first_response_business).',
  'outbox_events.base_url':
    'Where the request that wrote the event came in (scheme://host), for links; null from jobs.',
  'notifications.in_app':
    'false: hidden from the notification centre (the user turned in-app off); deliveries still hang on it.',
  'notifications.digest_at': "Its e-mail waits for the user's daily digest due then.",
  'notification_deliveries.held_until': 'Quiet hours held it until then (next_attempt_at was pushed there).',
  'sla_holidays.date': "'YYYY-MM-DD' (read as text, never converted through a JS Date).",
  report_exports: 'An export too large for a request, made by the report-export job (modules/reports).',
  report_subscription_sends: 'One row per (subscription, period): claimed before the mail is sent, so it is sent once.',
  'report_subscription_sends.period': "The period's first day in the organisation's time zone, YYYY-MM-DD.",
  report_stats: 'One hour (UTC) x dimension combination of report sums; see migration 20261203100000_report_stats.',
  'mailboxes.allowed_domains': 'JSON array of domains; write with JSON.stringify.',
  'mailboxes.rules': 'JSON array of MailboxRule; write with JSON.stringify.',
};

/** Declarations the generated file ends with: names the code uses for rows and the report measures. */
const FOOTER = `
export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type CategoryRow = Selectable<CategoriesTable>;
export type PriorityRow = Selectable<PrioritiesTable>;
export type SlaRuleRow = Selectable<SlaRulesTable>;
export type TicketRow = Selectable<TicketsTable>;
export type CommentRow = Selectable<TicketCommentsTable>;
export type AttachmentRow = Selectable<TicketAttachmentsTable>;

/** JSON shapes of sso_providers' claim mappings (modules/sso). */
export interface SsoRoleMapping {
  group: string;
  role: Role;
}
export interface SsoDivisionMapping {
  group: string;
  division: string;
}

/** The measure columns of report_stats (modules/reports), in their order. */
export const REPORT_MEASURES = [@@MEASURES@@] as const;
export type ReportMeasure = (typeof REPORT_MEASURES)[number];
`;

/** report_stats' columns that are no measure (the bucket and its dimensions). */
const REPORT_DIMENSIONS = new Set(['grain', 'bucket', 'category_id', 'priority_id', 'assignee_id', 'division']);

interface ColumnInfo {
  table_name: string;
  column_name: string;
  udt_name: string;
  data_type: string;
  is_nullable: 'YES' | 'NO';
  column_default: string | null;
  is_identity: 'YES' | 'NO';
  is_generated: 'ALWAYS' | 'NEVER';
}

const BASE: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  citext: 'string',
  date: 'string',
  tsvector: 'string',
  int2: 'number',
  int4: 'number',
  // int8 is parsed to a number on both drivers (db/database.ts).
  int8: 'number',
  float4: 'number',
  float8: 'number',
  numeric: 'number',
  bool: 'boolean',
  timestamptz: 'Date',
  timestamp: 'Date',
  bytea: 'Buffer',
  jsonb: 'unknown',
  json: 'unknown',
  _text: 'string[]',
  _uuid: 'string[]',
  _int4: 'number[]',
};

const pascal = (name: string) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))` -> { col: ['a', 'b'] } */
function literalUnions(defs: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const def of defs) {
    const m = /^CHECK \(\(\(?(\w+)\)? = ANY \(ARRAY\[(.+)\]\)\)\)$/.exec(def);
    if (!m) continue;
    const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'::\w+/g)].map((v) => v[1]!.replace(/''/g, "'"));
    if (values.length > 0) out.set(m[1]!, values);
  }
  return out;
}

function columnType(c: ColumnInfo, unions: Map<string, string[]>, enums: Map<string, string[]>): string {
  const key = `${c.table_name}.${c.column_name}`;
  if (OVERRIDES[key]) return OVERRIDES[key];
  const nullable = c.is_nullable === 'YES';
  const hasDefault = c.column_default !== null || c.is_identity === 'YES';
  const union = unions.get(c.column_name);
  let base: string;
  if (c.data_type === 'USER-DEFINED' && ENUMS[c.udt_name]) base = ENUMS[c.udt_name]!.type;
  else if (c.data_type === 'USER-DEFINED' && enums.has(c.udt_name))
    base = enums
      .get(c.udt_name)!
      .map((v) => `'${v}'`)
      .join(' | ');
  else if (union) base = union.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(' | ');
  else base = BASE[c.udt_name] ?? 'unknown';
  if (c.is_generated === 'ALWAYS') return `ColumnType<${base}${nullable ? ' | null' : ''}, never, never>`;
  if (c.udt_name === 'jsonb' || c.udt_name === 'json') {
    // Written as JSON.stringify(...): text in, the parsed value out.
    const insert = hasDefault || nullable ? 'string | undefined' : 'string';
    return nullable
      ? `ColumnType<${base === 'unknown' ? base : `${base} | null`}, string | null | undefined, string | null>`
      : `ColumnType<${base}, ${insert}, string>`;
  }
  if (c.udt_name === 'timestamptz' && !nullable && hasDefault) {
    return c.column_name === 'created_at' ? 'CreatedAt' : 'Timestamp';
  }
  const type = nullable ? `${base} | null` : base;
  return hasDefault ? `Generated<${type}>` : type;
}

export async function generateTypes(db: QueryExecutorProvider): Promise<string> {
  const { rows: columns } = await sql<ColumnInfo>`
    select table_name, column_name, udt_name, data_type, is_nullable, column_default, is_identity, is_generated
    from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
    order by table_name, ordinal_position`.execute(db);
  const { rows: checks } = await sql<{ table_name: string; def: string }>`
    select c.relname as table_name, pg_get_constraintdef(k.oid) as def
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'c' and n.nspname = 'public'
    order by c.relname, k.conname`.execute(db);
  const { rows: enumRows } = await sql<{ name: string; value: string }>`
    select t.typname as name, e.enumlabel as value
    from pg_enum e join pg_type t on t.oid = e.enumtypid
    order by t.typname, e.enumsortorder`.execute(db);
  const enums = new Map<string, string[]>();
  for (const e of enumRows) enums.set(e.name, [...(enums.get(e.name) ?? []), e.value]);

  const tables = new Map<string, ColumnInfo[]>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c]);
  const used = new Set<string>();
  const blocks: string[] = [];
  for (const [table, cols] of tables) {
    const unions = literalUnions(checks.filter((k) => k.table_name === table).map((k) => k.def));
    const lines = cols.map((c) => {
      const type = columnType(c, unions, enums);
      for (const word of ['Generated', 'ColumnType', 'CreatedAt', 'Timestamp']) if (type.includes(word)) used.add(word);
      for (const e of Object.values(ENUMS)) if (type.includes(e.type)) used.add(e.type);
      const doc = DOCS[`${table}.${c.column_name}`];
      return `${doc ? `  /** ${doc} */\n` : ''}  ${c.column_name}: ${type};`;
    });
    const doc = DOCS[table];
    blocks.push(`${doc ? `/** ${doc} */\n` : ''}export interface ${pascal(table)}Table {\n${lines.join('\n')}\n}`);
  }
  const measures = (tables.get('report_stats') ?? [])
    .map((c) => c.column_name)
    .filter((name) => !REPORT_DIMENSIONS.has(name));
  const kysely = ['ColumnType', 'Generated', 'Insertable', 'Selectable', 'Updateable'];
  if (used.has('CreatedAt') || used.has('Timestamp')) used.add('ColumnType');
  const contracts = Object.values(ENUMS)
    .map((e) => e.type)
    .filter((t) => used.has(t))
    .sort();
  const header = [
    '// Generated by `npm run db:types` from the migrated database (db/types.generate.ts). Do not edit.',
    `import type { ${kysely.filter((k) => used.has(k) || ['Insertable', 'Selectable', 'Updateable'].includes(k)).join(', ')} } from 'kysely';`,
    contracts.length > 0 ? `import type { ${contracts.join(', ')} } from '@bantu/contracts';` : '',
    '',
    'type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;',
    'type CreatedAt = ColumnType<Date, Date | string | undefined, never>;',
  ].filter((line, i) => line !== '' || i === 3);
  const database = `export interface Database {\n${[...tables.keys()].map((t) => `  ${t}: ${pascal(t)}Table;`).join('\n')}\n}`;
  const footer = FOOTER.replace('@@MEASURES@@', measures.map((m) => `'${m}'`).join(', '));
  return `${header.join('\n')}\n\n${blocks.join('\n\n')}\n\n${database}\n${footer}`;
}
