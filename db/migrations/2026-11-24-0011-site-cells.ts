import { type Kysely, sql } from 'kysely'

/*
 * Sites counted per map cell, for the city-zoom tiles. A zoom-11 tile over a million-site city covers 240,000
 * sites: PostgreSQL needs 0.4 s only to find them. Instead, sites are summed once into cells that are Web-Mercator
 * tiles at zoom 17 (about 150 m here) and, from those, zoom 13 (2.4 km), per district; a tile at zoom z ≤ 13 then
 * adds up at most 64 × 64 stored cells into its 16 × 16 cells (see server/domain/tiles.ts).
 *
 * Writes do not keep the sums themselves: statement triggers on the tables a cell depends on (a site's position
 * and district, its risk grade, its key-project status) only mark the cells they touch as dirty, and
 * sg_refresh_site_cells() recomputes the dirty ones, before a tile is drawn from them. A bulk import thus pays a
 * few inserts, and a tile is never drawn from sums older than the rows.
 */

const CELL_SOURCES: Record<string, string> = {
  sites: 'c.location',
  site_risk: '(SELECT s.location FROM sites s WHERE s.id = c.site_id)',
  key_project_records: '(SELECT s.location FROM sites s WHERE s.id = c.site_id)',
}

/** Above this many dirty cells a full rebuild (one scan) is cheaper than one index search per cell. */
const REBUILD_ABOVE = 20_000

const SITE_CELL_ROWS = `
  SELECT s.district_id, sg_cell_x(ST_X(s.location), 17) AS x, sg_cell_y(ST_Y(s.location), 17) AS y,
    count(*)::int AS sites, count(k.id)::int AS keys,
    count(*) FILTER (WHERE r.grade = 'red')::int AS red, count(*) FILTER (WHERE r.grade = 'orange')::int AS orange,
    count(*) FILTER (WHERE r.grade = 'yellow')::int AS yellow, count(*) FILTER (WHERE r.grade = 'blue')::int AS blue,
    sum(sg_mercator_x(ST_X(s.location))) AS sum_x, sum(sg_mercator_y(ST_Y(s.location))) AS sum_y
  FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id`

const statements = [
  // Web-Mercator position as a fraction of the world (0…1, y down), and the zoom-z tile column and row holding it.
  `CREATE FUNCTION sg_mercator_x(lon float8) RETURNS float8 IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$ SELECT (lon + 180) / 360 $$`,
  `CREATE FUNCTION sg_mercator_y(lat float8) RETURNS float8 IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
     $$ SELECT (1 - ln(tan(radians(lat)) + 1 / cos(radians(lat))) / pi()) / 2 $$`,
  `CREATE FUNCTION sg_cell_x(lon float8, zoom integer) RETURNS integer IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
     $$ SELECT floor(sg_mercator_x(lon) * 2 ^ zoom)::integer $$`,
  `CREATE FUNCTION sg_cell_y(lat float8, zoom integer) RETURNS integer IMMUTABLE PARALLEL SAFE LANGUAGE sql AS
     $$ SELECT floor(sg_mercator_y(lat) * 2 ^ zoom)::integer $$`,

  `CREATE TABLE site_cells (
     level smallint NOT NULL CHECK (level IN (13, 17)),
     x integer NOT NULL, y integer NOT NULL, district_id integer NOT NULL,
     sites integer NOT NULL, keys integer NOT NULL, red integer NOT NULL, orange integer NOT NULL, yellow integer NOT NULL, blue integer NOT NULL,
     sum_x float8 NOT NULL, sum_y float8 NOT NULL,
     PRIMARY KEY (level, x, y, district_id)
   )`,
  `CREATE TABLE site_cells_dirty (x integer NOT NULL, y integer NOT NULL, PRIMARY KEY (x, y))`,

  `CREATE FUNCTION sg_cells_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       EXECUTE format('INSERT INTO site_cells_dirty (x, y) SELECT DISTINCT sg_cell_x(ST_X(l), 17), sg_cell_y(ST_Y(l), 17)
         FROM (SELECT %s AS l FROM changed c) q WHERE l IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[0]);
       RETURN NULL;
     END
   $$`,
  ...Object.entries(CELL_SOURCES).flatMap(([table, location]) => {
    const arg = `'${location.replaceAll("'", "''")}'`
    return [
      `CREATE TRIGGER ${table}_cells_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_cells_dirty(${arg})`,
      `CREATE TRIGGER ${table}_cells_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_cells_dirty(${arg})`,
      `CREATE TRIGGER ${table}_cells_upd_old AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_cells_dirty(${arg})`,
      `CREATE TRIGGER ${table}_cells_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_cells_dirty(${arg})`,
    ]
  }),

  // Recomputes the dirty zoom-17 cells from the sites in them, then their zoom-13 parents from the zoom-17 cells.
  `CREATE FUNCTION sg_refresh_site_cells() RETURNS integer LANGUAGE plpgsql AS $$
     DECLARE xs integer[]; ys integer[];
     BEGIN
       PERFORM pg_advisory_xact_lock(hashtext('sg_refresh_site_cells'));
       WITH d AS (DELETE FROM site_cells_dirty RETURNING x, y) SELECT array_agg(x), array_agg(y) INTO xs, ys FROM d;
       IF xs IS NULL THEN RETURN 0; END IF;
       IF cardinality(xs) > ${REBUILD_ABOVE} THEN
         DELETE FROM site_cells;
         INSERT INTO site_cells (level, district_id, x, y, sites, keys, red, orange, yellow, blue, sum_x, sum_y)
           SELECT 17, * FROM (${SITE_CELL_ROWS} GROUP BY 1, 2, 3) c;
       ELSE
         DELETE FROM site_cells c USING unnest(xs, ys) AS d(x, y) WHERE c.level = 17 AND c.x = d.x AND c.y = d.y;
         INSERT INTO site_cells (level, district_id, x, y, sites, keys, red, orange, yellow, blue, sum_x, sum_y)
           SELECT 17, * FROM (${SITE_CELL_ROWS}
             JOIN unnest(xs, ys) AS d(x, y) ON s.location && ST_Expand(ST_MakeEnvelope(
               d.x / 2 ^ 17 * 360 - 180, degrees(atan(sinh(pi() * (1 - 2 * (d.y + 1) / 2 ^ 17)))),
               (d.x + 1) / 2 ^ 17 * 360 - 180, degrees(atan(sinh(pi() * (1 - 2 * d.y / 2 ^ 17)))), 4326), 1e-9)
             WHERE sg_cell_x(ST_X(s.location), 17) = d.x AND sg_cell_y(ST_Y(s.location), 17) = d.y
             GROUP BY 1, 2, 3) c;
       END IF;
       DELETE FROM site_cells c USING (SELECT DISTINCT x >> 4 AS x, y >> 4 AS y FROM unnest(xs, ys) AS d(x, y)) p
         WHERE c.level = 13 AND c.x = p.x AND c.y = p.y;
       INSERT INTO site_cells (level, district_id, x, y, sites, keys, red, orange, yellow, blue, sum_x, sum_y)
         SELECT 13, c.district_id, c.x >> 4, c.y >> 4, sum(c.sites), sum(c.keys), sum(c.red), sum(c.orange), sum(c.yellow), sum(c.blue), sum(c.sum_x), sum(c.sum_y)
         FROM site_cells c JOIN (SELECT DISTINCT x >> 4 AS x, y >> 4 AS y FROM unnest(xs, ys) AS d(x, y)) p
           ON c.level = 17 AND c.x BETWEEN p.x * 16 AND p.x * 16 + 15 AND c.y BETWEEN p.y * 16 AND p.y * 16 + 15
         GROUP BY c.district_id, c.x >> 4, c.y >> 4;
       RETURN cardinality(xs);
     END
   $$`,
  // Every existing site's cell starts dirty: the first refresh builds them all.
  `INSERT INTO site_cells_dirty (x, y) SELECT DISTINCT sg_cell_x(ST_X(location), 17), sg_cell_y(ST_Y(location), 17) FROM sites`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of Object.keys(CELL_SOURCES)) {
    for (const event of ['ins', 'upd', 'upd_old', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_cells_${event} ON ${table}`).execute(db)
  }
  for (const statement of ['DROP FUNCTION IF EXISTS sg_refresh_site_cells()', 'DROP FUNCTION IF EXISTS sg_cells_dirty()',
    'DROP TABLE IF EXISTS site_cells_dirty', 'DROP TABLE IF EXISTS site_cells', 'DROP FUNCTION IF EXISTS sg_cell_x(float8, integer)',
    'DROP FUNCTION IF EXISTS sg_cell_y(float8, integer)', 'DROP FUNCTION IF EXISTS sg_mercator_x(float8)', 'DROP FUNCTION IF EXISTS sg_mercator_y(float8)']) {
    await sql.raw(statement).execute(db)
  }
}
