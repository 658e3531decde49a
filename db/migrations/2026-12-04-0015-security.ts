import { type Kysely, sql } from 'kysely'

/*
 * 等保 2.0 level 3 account controls. The security auditor is a role of its own (separation of duties): it reads
 * the audit trail and changes nothing.
 */

const statements = [
  `ALTER TABLE users DROP CONSTRAINT users_role_check`,
  `ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor', 'auditor'))`,
  // Sessions get an id that can be shown and named in a URL (the token's hash must stay unguessable), and where
  // and with what they were opened, so that users and admins can tell them apart and end the ones they do not know.
  `ALTER TABLE sessions ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE`,
  `ALTER TABLE sessions ADD COLUMN ip text`,
  `ALTER TABLE sessions ADD COLUMN user_agent text`,
  // The sign-in history shows the browser or client of each attempt.
  `ALTER TABLE login_attempts ADD COLUMN user_agent text`,
  // The client address of each audited action done over HTTP (null: done by the system itself, or from before).
  `ALTER TABLE audit_log ADD COLUMN ip text`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

// Back down only while no auditor exists: the old CHECK refuses otherwise, and nothing is lost.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE audit_log DROP COLUMN IF EXISTS ip`).execute(db)
  await sql.raw(`ALTER TABLE login_attempts DROP COLUMN IF EXISTS user_agent`).execute(db)
  for (const column of ['id', 'ip', 'user_agent']) await sql.raw(`ALTER TABLE sessions DROP COLUMN IF EXISTS ${column}`).execute(db)
  await sql.raw(`ALTER TABLE users DROP CONSTRAINT users_role_check`).execute(db)
  await sql.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor'))`).execute(db)
}
