import { type Kysely, sql } from 'kysely'

/*
 * 等保 2.0 level 3 account controls. The security auditor is a role of its own (separation of duties): it reads
 * the audit trail and changes nothing.
 */

const statements = [
  `ALTER TABLE users DROP CONSTRAINT users_role_check`,
  `ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor', 'auditor'))`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

// Back down only while no auditor exists: the old CHECK refuses otherwise, and nothing is lost.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE users DROP CONSTRAINT users_role_check`).execute(db)
  await sql.raw(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor'))`).execute(db)
}
