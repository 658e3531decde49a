import { type Kysely, sql } from 'kysely'

/*
 * Vector tiles are cached in the server process; this tells the cache what changed and where. Every statement
 * that writes rows a tile layer draws sends one NOTIFY on `sitegrid_tiles` with the layers it touches and the
 * WGS-84 extent of the rows (before and after, for moves), so only the tiles under the change are dropped.
 * Statement-level with transition tables, like the risk marks: a 100,000-row import costs one extent, not 100,000.
 */

const SITE_OF = '(SELECT s.location FROM sites s WHERE s.id = c.site_id)'
/** table → [layers it feeds, the geometry of a changed row `c`]. */
const SOURCES: Record<string, [string, string]> = {
  sites: ['sites key-projects cameras', 'c.location'],
  site_risk: ['sites', SITE_OF],
  site_coverage: ['sites', SITE_OF],
  cameras: ['cameras', 'c.location'],
  grids: ['grids', 'c.geom'],
  key_project_records: ['key-projects sites', SITE_OF],
}

const statements = [
  `CREATE FUNCTION sg_tiles_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE extent box2d;
     BEGIN
       EXECUTE format('SELECT ST_Extent(%s) FROM changed c', TG_ARGV[1]) INTO extent;
       IF extent IS NOT NULL THEN
         PERFORM pg_notify('sitegrid_tiles', concat_ws(' ', TG_ARGV[0], ST_XMin(extent), ST_YMin(extent), ST_XMax(extent), ST_YMax(extent)));
       END IF;
       RETURN NULL;
     END
   $$`,
  // Who supervises which grid decides what a grid supervisor's tiles hold: any change empties their cache.
  `CREATE FUNCTION sg_tiles_scope_notify() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN PERFORM pg_notify('sitegrid_tiles', 'scopes'); RETURN NULL; END
   $$`,
  ...Object.entries(SOURCES).flatMap(([table, [layers, geom]]) => {
    const args = `'${layers}', '${geom.replaceAll("'", "''")}'`
    return [
      `CREATE TRIGGER ${table}_tiles_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_tiles_notify(${args})`,
      `CREATE TRIGGER ${table}_tiles_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_tiles_notify(${args})`,
      `CREATE TRIGGER ${table}_tiles_upd_old AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_tiles_notify(${args})`,
      `CREATE TRIGGER ${table}_tiles_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_tiles_notify(${args})`,
    ]
  }),
  `CREATE TRIGGER grid_supervisors_tiles AFTER INSERT OR UPDATE OR DELETE ON grid_supervisors FOR EACH STATEMENT EXECUTE FUNCTION sg_tiles_scope_notify()`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(SOURCES)) {
    for (const event of ['ins', 'upd', 'upd_old', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_tiles_${event} ON ${table}`).execute(db)
  }
  await sql.raw('DROP TRIGGER IF EXISTS grid_supervisors_tiles ON grid_supervisors').execute(db)
  await sql.raw('DROP FUNCTION IF EXISTS sg_tiles_notify()').execute(db)
  await sql.raw('DROP FUNCTION IF EXISTS sg_tiles_scope_notify()').execute(db)
}
