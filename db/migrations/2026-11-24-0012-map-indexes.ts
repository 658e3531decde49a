import { type Kysely, sql } from 'kysely'

/*
 * The sites layer joins each site's risk and coverage. At a million sites site_risk is 700 MB (each row carries
 * its explanation), so 4,700 sites in a viewport meant 4,700 scattered heap pages. These covering indexes hold just
 * what the map shows and are read without the heap: PostgreSQL's time for that viewport fell from ~90 to ~42 ms.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX site_risk_map_idx ON site_risk (site_id) INCLUDE (grade, score)`.execute(db)
  await sql`CREATE INDEX site_coverage_map_idx ON site_coverage (site_id) INCLUDE (coverage_ratio, cameras, online_cameras)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS site_coverage_map_idx`.execute(db)
  await sql`DROP INDEX IF EXISTS site_risk_map_idx`.execute(db)
}
