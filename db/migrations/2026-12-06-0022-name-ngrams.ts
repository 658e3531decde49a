import { type Kysely, sql } from 'kysely'

/*
 * Search by one or two characters (issue 24). The trigram indexes of 0010 cannot serve a text shorter than three
 * characters, and two-character words (锦园, 华庭) are what people type: those searches were a sequential scan.
 * Each site keeps every one- and two-character piece of its lower-cased name and code; a GIN index on them finds
 * the sites whose name or code contains a short text as `search_ngrams @> ARRAY[lower(text)]`. ILIKE compares
 * lower-cased text in a multibyte database, so this matches exactly the rows ILIKE '%text%' matches.
 *
 * A stored generated column: the rewrite fills it for the sites there are, and every insert or update of a name or
 * code (seed, imports, registry writes) keeps it current without the writers knowing. Its function must be
 * immutable; it only calls built-ins, which a restore with an empty search_path still finds.
 *
 * A short text matches thousands of sites at a million, so the search reads its ranked tiers from b-trees rather
 * than sorting every match (features/sites/site-search.repo.ts): an exact code by upper(code), names and codes that
 * start with the text by lower(...) pattern indexes (the names' one covers the rows, so sorting a common first
 * character reads no table pages), and the rest in name order by (name, id).
 */

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE FUNCTION site_search_ngrams(name text, code text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(t, i, n)), '{}')
    FROM unnest(ARRAY[lower(name), lower(code)]) AS t, generate_series(1, 2) AS n, generate_series(1, char_length(t) - n + 1) AS i
  $$`.execute(db)
  await sql`ALTER TABLE sites ADD COLUMN search_ngrams text[] GENERATED ALWAYS AS (site_search_ngrams(name, code)) STORED`.execute(db)
  await sql`CREATE INDEX sites_search_ngrams_idx ON sites USING gin (search_ngrams)`.execute(db)
  await sql`CREATE INDEX sites_upper_code_idx ON sites (upper(code))`.execute(db)
  await sql`CREATE INDEX sites_lower_name_prefix_idx ON sites (lower(name) text_pattern_ops) INCLUDE (name, id)`.execute(db)
  await sql`CREATE INDEX sites_lower_code_prefix_idx ON sites (lower(code) text_pattern_ops)`.execute(db)
  await sql`CREATE INDEX sites_name_order_idx ON sites (name, id)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['sites_name_order_idx', 'sites_lower_code_prefix_idx', 'sites_lower_name_prefix_idx', 'sites_upper_code_idx', 'sites_search_ngrams_idx']) {
    await sql`DROP INDEX IF EXISTS ${sql.id(index)}`.execute(db)
  }
  await sql`ALTER TABLE sites DROP COLUMN IF EXISTS search_ngrams`.execute(db)
  await sql`DROP FUNCTION IF EXISTS site_search_ngrams(text, text)`.execute(db)
}
