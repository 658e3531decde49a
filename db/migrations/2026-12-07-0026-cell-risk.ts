import { type Kysely, sql } from 'kysely'

/*
 * The risk heatmap at city zoom from the stored cells (issue 24). A zone of more than 200,000 sites is drawn from
 * tiles, which carried each cell's counts by grade but not its sites' risk scores, so the map had no heatmap there.
 * Each cell now also keeps the sum of its sites' scores (`risk_sum`): a heatmap weighted by it, at a cell's mean
 * position, is the per-site heatmap of that many sites blurred by at most a cell (150 m at zoom 17).
 * sg_refresh_site_cells is migration 0011's with that one more sum; every cell is marked dirty so that the next
 * refresh (a single rebuild) fills it.
 */

// With `risk`, the rows and the function gain the sum; without, they are migration 0011's, which `down` restores.
const cellRows = (risk: boolean) => `
  SELECT s.district_id, sg_cell_x(ST_X(s.location), 17) AS x, sg_cell_y(ST_Y(s.location), 17) AS y,
    count(*)::int AS sites, count(k.id)::int AS keys,
    count(*) FILTER (WHERE r.grade = 'red')::int AS red, count(*) FILTER (WHERE r.grade = 'orange')::int AS orange,
    count(*) FILTER (WHERE r.grade = 'yellow')::int AS yellow, count(*) FILTER (WHERE r.grade = 'blue')::int AS blue,
    sum(sg_mercator_x(ST_X(s.location))) AS sum_x, sum(sg_mercator_y(ST_Y(s.location))) AS sum_y
    ${risk ? ', coalesce(sum(r.score), 0)::float8 AS risk_sum' : ''}
  FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id`

const columns = (risk: boolean) => `level, district_id, x, y, sites, keys, red, orange, yellow, blue, sum_x, sum_y${risk ? ', risk_sum' : ''}`
const REBUILD_ABOVE = 20_000

const refresh = (risk: boolean) => `CREATE OR REPLACE FUNCTION sg_refresh_site_cells() RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE xs integer[]; ys integer[];
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sg_refresh_site_cells'));
    WITH d AS (DELETE FROM site_cells_dirty RETURNING x, y) SELECT array_agg(x), array_agg(y) INTO xs, ys FROM d;
    IF xs IS NULL THEN RETURN 0; END IF;
    IF cardinality(xs) > ${REBUILD_ABOVE} THEN
      DELETE FROM site_cells;
      INSERT INTO site_cells (${columns(risk)}) SELECT 17, * FROM (${cellRows(risk)} GROUP BY 1, 2, 3) c;
    ELSE
      DELETE FROM site_cells c USING unnest(xs, ys) AS d(x, y) WHERE c.level = 17 AND c.x = d.x AND c.y = d.y;
      INSERT INTO site_cells (${columns(risk)})
        SELECT 17, * FROM (${cellRows(risk)}
          JOIN unnest(xs, ys) AS d(x, y) ON s.location && ST_Expand(ST_MakeEnvelope(
            d.x / 2 ^ 17 * 360 - 180, degrees(atan(sinh(pi() * (1 - 2 * (d.y + 1) / 2 ^ 17)))),
            (d.x + 1) / 2 ^ 17 * 360 - 180, degrees(atan(sinh(pi() * (1 - 2 * d.y / 2 ^ 17)))), 4326), 1e-9)
          WHERE sg_cell_x(ST_X(s.location), 17) = d.x AND sg_cell_y(ST_Y(s.location), 17) = d.y
          GROUP BY 1, 2, 3) c;
    END IF;
    DELETE FROM site_cells c USING (SELECT DISTINCT x >> 4 AS x, y >> 4 AS y FROM unnest(xs, ys) AS d(x, y)) p
      WHERE c.level = 13 AND c.x = p.x AND c.y = p.y;
    INSERT INTO site_cells (${columns(risk)})
      SELECT 13, c.district_id, c.x >> 4, c.y >> 4, sum(c.sites), sum(c.keys), sum(c.red), sum(c.orange), sum(c.yellow), sum(c.blue),
        sum(c.sum_x), sum(c.sum_y) ${risk ? ', sum(c.risk_sum)' : ''}
      FROM site_cells c JOIN (SELECT DISTINCT x >> 4 AS x, y >> 4 AS y FROM unnest(xs, ys) AS d(x, y)) p
        ON c.level = 17 AND c.x BETWEEN p.x * 16 AND p.x * 16 + 15 AND c.y BETWEEN p.y * 16 AND p.y * 16 + 15
      GROUP BY c.district_id, c.x >> 4, c.y >> 4;
    RETURN cardinality(xs);
  END
$$`

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE site_cells ADD COLUMN risk_sum float8 NOT NULL DEFAULT 0`.execute(db)
  await sql.raw(refresh(true)).execute(db)
  await sql`INSERT INTO site_cells_dirty (x, y) SELECT DISTINCT x, y FROM site_cells WHERE level = 17 ON CONFLICT DO NOTHING`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(refresh(false)).execute(db)
  await sql`ALTER TABLE site_cells DROP COLUMN IF EXISTS risk_sum`.execute(db)
}
