import { type Kysely, sql } from 'kysely'

/*
 * Search by a whole project code (issue 24). A code of 18 digits shares its trigrams (the district's adcode, the
 * year) with most of the city, so the code trigram index read 4,139 pages for one code at 1,000,000 sites (137 ms).
 * A text at least as long as every code can only be contained in a code by being it, which a b-tree answers; the
 * longest code's length comes from this index in one entry.
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX sites_code_length_idx ON sites (char_length(code))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS sites_code_length_idx`.execute(db)
}
