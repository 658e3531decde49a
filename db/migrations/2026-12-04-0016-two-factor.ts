import { type Kysely, sql } from 'kysely'

/*
 * Two factors (TOTP, RFC 6238) for administrators, 等保 2.0 level 3. A secret set without totp_enabled_at is an
 * enrolment not yet confirmed. totp_last_step is the last 30-second step a code was accepted for: a code is good
 * once, and a step already used (or older) is refused. Recovery codes are kept as SHA-256 of 80 random bits, so a
 * fast hash is enough: there is nothing to guess from it.
 */

const statements = [
  `ALTER TABLE users ADD COLUMN totp_secret text`,
  `ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz`,
  `ALTER TABLE users ADD COLUMN totp_last_step integer`,
  `ALTER TABLE users ADD CONSTRAINT users_totp_enabled_has_secret CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL)`,
  `CREATE TABLE recovery_codes (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
     code_sha256 text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     used_at timestamptz,
     UNIQUE (user_id, code_sha256)
   )`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP TABLE IF EXISTS recovery_codes').execute(db)
  await sql.raw('ALTER TABLE users DROP CONSTRAINT IF EXISTS users_totp_enabled_has_secret').execute(db)
  for (const column of ['totp_secret', 'totp_enabled_at', 'totp_last_step']) await sql.raw(`ALTER TABLE users DROP COLUMN IF EXISTS ${column}`).execute(db)
}
