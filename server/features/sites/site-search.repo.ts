import { type Kysely, type RawBuilder, sql } from 'kysely'
import { escapeLike, lonLatJson } from '../../../db/sql.ts'
import { withLocalSettings } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

export interface SiteHit { id: number; code: string; name: string; kind: string; district: string; riskGrade: string | null; location: [number, number] }

/**
 * Sites whose name or code contains the text, best first: an exact code, then names and codes that start with
 * it, then the rest by name. Small rows so that the search box can ask on every keystroke.
 *
 * ILIKE is the match: in a multibyte database it compares lower-cased text, so `lower(x) LIKE lower(p)` is the same
 * test, written so that the lower(name) and lower(code) pattern indexes of 0022 serve the prefixes.
 */
/** How many n-gram matches a short text's rest tier sorts itself (restInNameOrder). */
const N_GRAM_CAP = 5_000

export function searchSites(db: Kysely<DB>, scope: SiteScope, text: string, limit: number, nGramCap = N_GRAM_CAP): Promise<SiteHit[]> {
  // The server engine prepares every statement, and after five runs on a connection PostgreSQL may keep a generic
  // plan, which cannot see that a short text narrows nothing: at a million sites it ANDed the name and code indexes
  // for every 2-character text (the rest tier for 浜天: 853 ms generic, 2.8 ms custom, planning included).
  return withLocalSettings(db, { plan_cache_mode: 'force_custom_plan' }, (trx) => rankedMatches(trx, scope, text, limit, nGramCap))
}

async function rankedMatches(db: Kysely<DB>, scope: SiteScope, text: string, limit: number, nGramCap: number): Promise<SiteHit[]> {
  const pattern = `%${escapeLike(text)}%`
  const prefix = `${escapeLike(text)}%`
  const m: Match = {
    contains: sql`(s.name ILIKE ${pattern} OR s.code ILIKE ${pattern})`,
    exact: sql`upper(s.code) = upper(${text})`,
    namePrefix: sql`lower(s.name) LIKE lower(${prefix})`,
    codePrefix: sql`lower(s.code) LIKE lower(${prefix})`,
    inScope: inSiteScope(scope),
  }
  if ([...text].length > 2) return trigramSearch(db, { ...m, contains: longTextContains(text, pattern) }, limit)
  // One or two characters: the leading tiers (exact code, prefixes) come from b-tree indexes; only when they are
  // fewer than asked for are the rest read, in name order, through the n-grams. A common text ("园", a district's
  // digits) then costs its first few rows in name order, not a sort of every site that contains it. Names that start
  // with the text lie together in name order, which the planner cannot know, so walking the name index to them could
  // pass most of the table: that tier is ordered by `name || ''` (the same order) to sort them from their index.
  const leading = await shaped(db, sql`
    SELECT id, max(exact) AS exact, name FROM (
      (SELECT s.id, 1 AS exact, s.name FROM sites s WHERE ${m.exact} AND ${m.contains} AND ${m.inScope} ORDER BY s.name, s.id LIMIT ${limit})
      UNION ALL
      (SELECT s.id, 0, s.name FROM sites s WHERE ${m.namePrefix} AND ${m.inScope} ORDER BY s.name || '', s.id LIMIT ${limit})
      UNION ALL
      (SELECT s.id, 0, s.name FROM sites s WHERE ${m.codePrefix} AND ${m.inScope} ORDER BY s.name, s.id LIMIT ${limit})
    ) tiers GROUP BY id, name ORDER BY exact DESC, name, id LIMIT ${limit}`, sql`hit.exact DESC, hit.name, hit.id`)
  // Fewer than the limit: each tier was read whole, so the rest is every other match.
  if (leading.length === limit) return leading
  return [...leading, ...await restInNameOrder(db, m, text, limit - leading.length, nGramCap)]
}

/**
 * The rest of a short text's matches, in name order. Up to `cap` sites with the n-gram are read first and, when that
 * is all of them, sorted here. Asked in one statement, PostgreSQL's estimate for a pair under the other conditions
 * was often far off, and it took rare pairs for common ones: walking the name index for them passed nearly every
 * site (湾栖: 1,275,905 buffers, 4.1 s at a million). The n-gram alone is estimated from its own statistics. Only a
 * text with `cap` matches or more walks the name order, and being common, it finds its first few at once.
 *
 * A text the column's statistics already list with `cap` expected matches or more goes straight to the walk: reading
 * `cap` matches only to learn that there are that many was most of its time (路（, 16,542 sites of 100,000: 32 ms to
 * count, 0.4 ms to walk). The statistics only choose the path; both give the same rows.
 */
async function restInNameOrder(db: Kysely<DB>, m: Match, text: string, wanted: number, cap: number): Promise<SiteHit[]> {
  const rest = sql`${m.contains} AND NOT ${m.exact} AND NOT ${m.namePrefix} AND NOT ${m.codePrefix} AND ${m.inScope}`
  // The columns `rest` reads come along from the heap rows the n-gram scan fetches anyway: joining each of up to
  // `cap` ids back to sites cost a primary-key probe apiece. `common` is a one-time filter: a common text's scan
  // never starts.
  const { rows: [few] } = await sql<{ matched: number; ids: number[] | null }>`
    WITH known AS (SELECT ${expectedNgramMatches(text)} >= ${cap} AS common),
    with_ngram AS MATERIALIZED (
      SELECT s.id, s.name, s.code, s.district_id, s.grid_id, s.location FROM sites s
      WHERE s.search_ngrams @> ARRAY[lower(${text}::text)] AND NOT (SELECT common FROM known) LIMIT ${cap})
    SELECT CASE WHEN (SELECT common FROM known) THEN ${cap} ELSE (SELECT count(*) FROM with_ngram) END::int AS matched,
      (SELECT array_agg(r.id ORDER BY r.name, r.id) FROM (SELECT s.id, s.name FROM with_ngram s WHERE ${rest} ORDER BY s.name, s.id LIMIT ${wanted}) r) AS ids`.execute(db)
  if (few.matched < cap) return shaped(db, sql`SELECT * FROM unnest(${few.ids ?? []}::int[]) WITH ORDINALITY AS hit(id, ord)`, sql`hit.ord`)
  return shaped(db, sql`
    SELECT s.id, s.name FROM sites s WHERE s.search_ngrams @> ARRAY[lower(${text}::text)] AND ${rest}
    ORDER BY s.name, s.id LIMIT ${wanted}`, sql`hit.name, hit.id`)
}

/**
 * How many sites ANALYZE expects to hold the n-gram: its frequency among the column's most common elements times
 * the table's rows; 0 for a piece not listed (rare, or no statistics yet), which takes the capped read.
 */
export function expectedNgramMatches(text: string): RawBuilder<number> {
  return sql<number>`coalesce((
    SELECT st.most_common_elem_freqs[array_position(st.most_common_elems::text::text[], lower(${text}::text))]
      * (SELECT c.reltuples FROM pg_class c WHERE c.oid = 'sites'::regclass)
    FROM pg_stats st WHERE st.schemaname = current_schema() AND st.tablename = 'sites' AND st.attname = 'search_ngrams'), 0)`
}

interface Match { contains: RawBuilder<unknown>; exact: RawBuilder<unknown>; namePrefix: RawBuilder<unknown>; codePrefix: RawBuilder<unknown>; inScope: RawBuilder<boolean> }

/**
 * The match for three characters or more. A code as long as the text contains it only by being it, which the b-tree
 * on lower(code) answers; only longer codes need the trigram index, and those are found by the index on code length
 * when they are few (0025). A whole 18-digit code shares its trigrams with most of the city's codes: through the code
 * trigram index alone it read 4,139 pages at a million sites (137 ms).
 */
function longTextContains(text: string, pattern: string): RawBuilder<unknown> {
  return sql`(s.name ILIKE ${pattern} OR lower(s.code) = lower(${text}) OR (char_length(s.code) > ${[...text].length} AND s.code ILIKE ${pattern}))`
}

/** Three characters or more: the trigram indexes (0010) find the matches, ranked on the narrow site row. */
function trigramSearch(db: Kysely<DB>, m: Match, limit: number) {
  return shaped(db, sql`
    SELECT s.id, (${m.exact})::int AS exact, (${m.namePrefix} OR ${m.codePrefix})::int AS starts, s.name
    FROM sites s WHERE ${m.contains} AND ${m.inScope}
    ORDER BY exact DESC, starts DESC, s.name, s.id LIMIT ${limit}`, sql`hit.exact DESC, hit.starts DESC, hit.name, hit.id`)
}

/** The chosen sites (`hits`, with an id) as search rows, in `order`: only the few returned are joined and shaped. */
async function shaped(db: Kysely<DB>, hits: RawBuilder<unknown>, order: RawBuilder<unknown>): Promise<SiteHit[]> {
  const { rows } = await sql<SiteHit>`
    SELECT s.id, s.code, s.name, s.kind, d.name AS district, r.grade AS "riskGrade", ${lonLatJson(sql`s.location`)} AS location
    FROM (${hits}) hit JOIN sites s ON s.id = hit.id JOIN districts d ON d.id = s.district_id LEFT JOIN site_risk r ON r.site_id = s.id
    ORDER BY ${order}`.execute(db)
  return rows
}
