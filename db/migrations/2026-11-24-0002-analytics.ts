import { type Kysely, sql } from 'kysely'

/*
 * Analytics: camera sectors, per-site coverage and risk, and the bookkeeping that keeps them current.
 * Any write to the records a score depends on marks the site stale (statement-level triggers, so bulk loads
 * cost one extra statement, not one per row); the server recomputes stale sites within seconds.
 */

// Which tables feed the risk score, and which of those also change camera coverage.
const RISK_SOURCES = ['hazards', 'notices', 'pm10_readings', 'cameras', 'dangerous_works', 'cranes', 'sites'] as const

const statements = [
  // A camera's field of view in EPSG:4549 metres: a sector of `range` metres centred on the compass `heading`,
  // its arc drawn every 6° at most (area within 0.2 % of the true sector; a full circle as a 32-gon, 0.6 %).
  `CREATE FUNCTION sg_camera_sector(location geometry, heading real, fov real, range real) RETURNS geometry
   IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
     SELECT CASE WHEN fov >= 360 THEN ST_Buffer(c, range, 8)
       ELSE ST_MakePolygon(ST_MakeLine(ARRAY[c] || ARRAY(
         SELECT ST_Translate(c, range * sin(radians(heading - fov / 2 + fov * i / n)), range * cos(radians(heading - fov / 2 + fov * i / n)))
         FROM generate_series(0, n) AS i ORDER BY i) || ARRAY[c]))
       END
     FROM (SELECT ST_Transform(location, 4549) AS c, greatest(2, ceil(fov / 6.0))::int AS n) AS centre
   $$`,

  `CREATE TABLE site_coverage (
     site_id integer PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
     cameras integer NOT NULL,
     online_cameras integer NOT NULL,
     footprint_m2 double precision,
     covered_m2 double precision,
     coverage_ratio real CHECK (coverage_ratio BETWEEN 0 AND 1),
     computed_at timestamptz NOT NULL DEFAULT now()
   )`,

  `CREATE TABLE site_risk (
     site_id integer PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
     score real NOT NULL CHECK (score BETWEEN 0 AND 100),
     grade text NOT NULL CHECK (grade IN ('red', 'orange', 'yellow', 'blue')),
     breakdown jsonb NOT NULL,
     computed_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX site_risk_grade_idx ON site_risk (grade)`,

  // marked_at lets a recompute clear only the marks it has seen, never one made while it ran.
  `CREATE TABLE risk_stale (
     site_id integer PRIMARY KEY,
     coverage boolean NOT NULL DEFAULT false,
     marked_at timestamptz NOT NULL DEFAULT clock_timestamp()
   )`,

  `CREATE FUNCTION sg_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE key text := CASE WHEN TG_TABLE_NAME = 'sites' THEN 'id' ELSE 'site_id' END;
     BEGIN
       EXECUTE format(
         'INSERT INTO risk_stale (site_id, coverage) SELECT DISTINCT (r).%I, %L::boolean FROM (SELECT r FROM changed r) x
          WHERE (r).%I IS NOT NULL ON CONFLICT (site_id)
          DO UPDATE SET coverage = risk_stale.coverage OR EXCLUDED.coverage, marked_at = clock_timestamp()',
         key, TG_TABLE_NAME IN ('cameras', 'sites'), key);
       RETURN NULL;
     END
   $$`,
  ...RISK_SOURCES.flatMap((table) => [
    `CREATE TRIGGER ${table}_stale_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_mark_stale()`,
    `CREATE TRIGGER ${table}_stale_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_mark_stale()`,
    `CREATE TRIGGER ${table}_stale_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_mark_stale()`,
  ]),
  // Sites that exist before this migration start stale, so their first scores are computed on the next start.
  `INSERT INTO risk_stale (site_id, coverage) SELECT id, true FROM sites`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of RISK_SOURCES) {
    for (const event of ['ins', 'upd', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_stale_${event} ON ${table}`).execute(db)
  }
  await sql.raw('DROP FUNCTION IF EXISTS sg_mark_stale()').execute(db)
  for (const table of ['risk_stale', 'site_risk', 'site_coverage']) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db)
  await sql.raw('DROP FUNCTION IF EXISTS sg_camera_sector(geometry, real, real, real)').execute(db)
}
