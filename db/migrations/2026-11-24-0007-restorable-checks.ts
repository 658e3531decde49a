import { type Kysely, sql } from 'kysely'

/*
 * pg_restore runs with an empty search_path, so the unqualified PostGIS calls inside sg_sane_geom, which every
 * geometry CHECK uses, fail while it loads the data ("function st_isempty(public.geometry) does not exist"), and a
 * pg_dump of the database could not be restored. The body now names PostGIS's schema (wherever the extension
 * was installed). Qualified names rather than `SET search_path` keep the function inlinable into the CHECKs.
 */

const body = (postgis: string) => `
  SELECT g IS NULL OR (NOT ${postgis}ST_IsEmpty(g) AND ${postgis}ST_IsValid(g)
    AND ${postgis}ST_XMin(g) >= 73 AND ${postgis}ST_XMax(g) <= 136 AND ${postgis}ST_YMin(g) >= 3 AND ${postgis}ST_YMax(g) <= 54)`

async function replace(db: Kysely<unknown>, postgis: string): Promise<void> {
  await sql.raw(`CREATE OR REPLACE FUNCTION sg_sane_geom(g geometry) RETURNS boolean IMMUTABLE LANGUAGE sql AS $$${body(postgis)}$$`).execute(db)
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`
    SELECT quote_ident(n.nspname) AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'`.execute(db)
  await replace(db, `${rows[0].schema}.`)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await replace(db, '')
}
