import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SsoProvidersTable, UserUpdate } from '@/db/types';

type Executor = Kysely<Database>;
export type SsoProviderRow = Selectable<SsoProvidersTable>;

export type ProviderValues = Omit<
  SsoProviderRow,
  'id' | 'created_at' | 'updated_at' | 'allowed_domains' | 'role_mappings' | 'division_mappings'
> & {
  allowed_domains: string[];
  role_mappings: SsoProviderRow['role_mappings'];
  division_mappings: SsoProviderRow['division_mappings'];
};

const jsonColumns = (v: Partial<ProviderValues>) => ({
  ...v,
  allowed_domains: v.allowed_domains === undefined ? undefined : JSON.stringify(v.allowed_domains),
  role_mappings: v.role_mappings === undefined ? undefined : JSON.stringify(v.role_mappings),
  division_mappings: v.division_mappings === undefined ? undefined : JSON.stringify(v.division_mappings),
});

export function listProviders(db: Executor) {
  return db.selectFrom('sso_providers').selectAll().orderBy('label').orderBy('id').execute();
}

export function listActiveProviders(db: Executor) {
  return db
    .selectFrom('sso_providers')
    .selectAll()
    .where('is_active', '=', true)
    .orderBy('label')
    .orderBy('id')
    .execute();
}

export function findProvider(db: Executor, id: string) {
  return db.selectFrom('sso_providers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findProviderBySlug(db: Executor, slug: string) {
  return db.selectFrom('sso_providers').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function insertProvider(db: Executor, values: ProviderValues) {
  return db
    .insertInto('sso_providers')
    .values(jsonColumns(values) as never)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateProvider(db: Executor, id: string, changes: Partial<ProviderValues>) {
  return db
    .updateTable('sso_providers')
    .set({ ...(jsonColumns(changes) as object), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export function deleteProvider(db: Executor, id: string) {
  return db.deleteFrom('sso_providers').where('id', '=', id).executeTakeFirst();
}

/** Providers from the environment: inserted or refreshed by slug at start-up. */
export async function upsertEnvProvider(db: Executor, values: ProviderValues) {
  const row = jsonColumns(values) as never;
  await db
    .insertInto('sso_providers')
    .values(row)
    .onConflict((oc) => oc.column('slug').doUpdateSet({ ...(row as object), updated_at: sql<Date>`now()` }))
    .execute();
}

// --- sign-in attempts --------------------------------------------------------------------------

export function insertAttempt(
  db: Executor,
  attempt: {
    providerId: string;
    stateHash: string;
    nonce: string | null;
    codeVerifier: string | null;
    expiresAt: Date;
  },
) {
  return db
    .insertInto('sso_login_attempts')
    .values({
      provider_id: attempt.providerId,
      state_hash: attempt.stateHash,
      nonce: attempt.nonce,
      code_verifier: attempt.codeVerifier,
      expires_at: attempt.expiresAt,
    })
    .execute();
}

/**
 * Takes a pending attempt: marks it used and answers it, once. A second callback with the same
 * state (a replayed code or response) finds nothing.
 */
export function consumeAttempt(db: Executor, providerId: string, stateHash: string, now: Date) {
  return db
    .updateTable('sso_login_attempts')
    .set({ used_at: now })
    .where('provider_id', '=', providerId)
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export function deleteExpiredAttempts(db: Executor, before: Date) {
  return db.deleteFrom('sso_login_attempts').where('expires_at', '<', before).execute();
}

// --- SAML replay -------------------------------------------------------------------------------

/** Remembers an assertion id; false when it was already used (a replay). */
export async function rememberAssertion(db: Executor, providerId: string, assertionId: string, expiresAt: Date) {
  const result = await db
    .insertInto('sso_saml_assertions')
    .values({ provider_id: providerId, assertion_id: assertionId, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['provider_id', 'assertion_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export function deleteExpiredAssertions(db: Executor, before: Date) {
  return db.deleteFrom('sso_saml_assertions').where('expires_at', '<', before).execute();
}

// --- identities --------------------------------------------------------------------------------

export function findIdentity(db: Executor, providerId: string, subject: string) {
  return db
    .selectFrom('sso_identities')
    .selectAll()
    .where('provider_id', '=', providerId)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

export function insertIdentity(
  db: Executor,
  identity: { providerId: string; subject: string; userId: string; email: string | null; at: Date },
) {
  return db
    .insertInto('sso_identities')
    .values({
      provider_id: identity.providerId,
      subject: identity.subject,
      user_id: identity.userId,
      email: identity.email,
      last_login_at: identity.at,
    })
    .execute();
}

export function touchIdentity(db: Executor, id: string, email: string | null, at: Date) {
  return db.updateTable('sso_identities').set({ email, last_login_at: at }).where('id', '=', id).execute();
}

export function lockUser(db: Executor, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).forUpdate().executeTakeFirst();
}

export function updateUser(db: Executor, id: string, changes: UserUpdate) {
  return db
    .updateTable('users')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

// --- sessions (sign-out at the provider) -------------------------------------------------------

export function insertSession(db: Executor, familyId: string, providerId: string, idToken: string | null) {
  return db
    .insertInto('sso_sessions')
    .values({ family_id: familyId, provider_id: providerId, id_token: idToken })
    .execute();
}

export function findSessionByRefreshHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .innerJoin('sso_sessions', 'sso_sessions.family_id', 'refresh_tokens.family_id')
    .innerJoin('sso_providers', 'sso_providers.id', 'sso_sessions.provider_id')
    .select(['sso_sessions.family_id', 'sso_sessions.id_token', 'sso_providers.id as provider_id'])
    .where('refresh_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

// --- policy ------------------------------------------------------------------------------------

export function getPolicy(db: Executor) {
  return db.selectFrom('sso_policy').selectAll().executeTakeFirstOrThrow();
}

export function updatePolicy(db: Executor, changes: { passwordLoginEnabled?: boolean; breakGlassUserIds?: string[] }) {
  return db
    .updateTable('sso_policy')
    .set({
      password_login_enabled: changes.passwordLoginEnabled,
      break_glass_user_ids:
        changes.breakGlassUserIds === undefined ? undefined : JSON.stringify(changes.breakGlassUserIds),
      updated_at: sql<Date>`now()`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findUsersByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').select(['id', 'name', 'email', 'role', 'status']).where('id', 'in', ids).execute();
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('status', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
