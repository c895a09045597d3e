import { sql, type Kysely } from 'kysely';
import { runScript } from '../script';

/**
 * Single sign-on (issue 14): identity providers (OpenID Connect or SAML 2.0) with their claim
 * mappings, the link from a provider's subject to a local user, the short-lived sign-in
 * attempts (state, nonce and PKCE verifier; SAML request ids), SAML assertion ids already used
 * (replay), which provider started each session (sign-out at the provider), and the sign-in
 * policy (password sign-in off except for named break-glass admins).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    CREATE TABLE sso_providers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      slug text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('oidc', 'saml')),
      label text NOT NULL,
      is_active boolean NOT NULL DEFAULT true,
      -- OIDC
      issuer text,
      client_id text,
      -- AES-256-GCM with a key derived from APP_SECRET; never sent to the browser.
      client_secret_enc text,
      scopes text NOT NULL DEFAULT 'openid email profile',
      -- SAML
      entry_point text,
      idp_entity_id text,
      idp_cert text,
      -- Provisioning and mapping (both kinds)
      allowed_domains jsonb NOT NULL DEFAULT '[]',
      jit_enabled boolean NOT NULL DEFAULT true,
      groups_claim text NOT NULL DEFAULT 'groups',
      division_claim text,
      default_role text NOT NULL DEFAULT 'user' CHECK (default_role IN ('user', 'it_staff', 'manager', 'admin')),
      role_mappings jsonb NOT NULL DEFAULT '[]',
      division_mappings jsonb NOT NULL DEFAULT '[]',
      -- Providers from the environment are read-only in the Admin Panel.
      from_env boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX sso_providers_slug_key ON sso_providers (slug);

    CREATE TABLE sso_identities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider_id uuid NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
      subject text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      email text,
      last_login_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX sso_identities_subject_key ON sso_identities (provider_id, subject);
    CREATE INDEX sso_identities_user_idx ON sso_identities (user_id);

    CREATE TABLE sso_login_attempts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider_id uuid NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
      -- sha256 of the state value (OIDC) or of the AuthnRequest id (SAML)
      state_hash text NOT NULL,
      nonce text,
      code_verifier text,
      return_to text,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX sso_login_attempts_state_key ON sso_login_attempts (state_hash);
    CREATE INDEX sso_login_attempts_expiry_idx ON sso_login_attempts (expires_at);

    CREATE TABLE sso_saml_assertions (
      provider_id uuid NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
      assertion_id text NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (provider_id, assertion_id)
    );
    CREATE INDEX sso_saml_assertions_expiry_idx ON sso_saml_assertions (expires_at);

    CREATE TABLE sso_sessions (
      family_id uuid PRIMARY KEY,
      provider_id uuid NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
      id_token text,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE sso_policy (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      password_login_enabled boolean NOT NULL DEFAULT true,
      break_glass_user_ids jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO sso_policy (id) VALUES (true);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sso_policy',
    'sso_sessions',
    'sso_saml_assertions',
    'sso_login_attempts',
    'sso_identities',
    'sso_providers',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
