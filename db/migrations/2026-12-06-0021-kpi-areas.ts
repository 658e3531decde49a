import { type Kysely, sql } from 'kysely'

/*
 * The plan's KPIs kept as sums per area — a district's part of a grid, or its sites outside every grid (grid_key 0)
 * — so that the city, a district, a grid or a supervisor's zone adds up at most a few thousand stored rows instead
 * of counting a million sites at every call (7.5 s at 1,000,000 sites before this).
 *
 * As with the map's cells (0011), writes do not keep the sums themselves: statement triggers on the tables the KPIs
 * read only mark the areas they touch as stale, and the server recomputes those areas (features/kpis/kpi-areas.repo.ts)
 * before it reads. What changes with time alone is bounded by each row's valid_until: the next Beijing midnight
 * (overdue hazards, their age, certificates, measures done by a date) and the moment the first device counted as
 * reporting would fall silent.
 */

/** Tables whose rows belong to one site through `site_id`. */
const SITE_TABLES = ['hazards', 'dangerous_works', 'cameras', 'cranes', 'key_project_records', 'site_risk', 'site_staff', 'site_parties']

// Areas of the changed rows, by the way each table reaches its sites (TG_ARGV[0]).
const AREAS_OF: Record<string, string> = {
  site: 'SELECT s.district_id, coalesce(s.grid_id, 0) FROM changed r JOIN sites s ON s.id = r.site_id',
  self: 'SELECT r.district_id, coalesce(r.grid_id, 0) FROM changed r',
  person: `SELECT s.district_id, coalesce(s.grid_id, 0) FROM changed r
             JOIN site_staff st ON st.person_id = r.person_id AND st.to_date IS NULL JOIN sites s ON s.id = st.site_id`,
}

const triggers = (table: string, how: string) => [
  `CREATE TRIGGER ${table}_kpi_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('${how}')`,
  `CREATE TRIGGER ${table}_kpi_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('${how}')`,
  ...(table === 'devices' ? [] : [
    `CREATE TRIGGER ${table}_kpi_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('${how}')`,
    `CREATE TRIGGER ${table}_kpi_upd_old AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('${how}')`,
  ]),
]

const statements = [
  `CREATE TABLE kpi_areas (
     district_id integer NOT NULL, grid_key integer NOT NULL,
     supervised integer NOT NULL, beyond_scale integer NOT NULL, standardized integer NOT NULL,
     cert_required integer NOT NULL, cert_filled integer NOT NULL, video_sites integer NOT NULL,
     cranes_live integer NOT NULL, cranes_reporting integer NOT NULL, devices_active integer NOT NULL, devices_reporting integer NOT NULL,
     key_total integer NOT NULL, key_deadline date, key_enclosure integer NOT NULL, key_dust_net integer NOT NULL,
     key_spraying integer NOT NULL, key_all_three integer NOT NULL, key_missing integer NOT NULL,
     major_0_7 integer NOT NULL, major_8_30 integer NOT NULL, major_31 integer NOT NULL,
     general_0_7 integer NOT NULL, general_8_30 integer NOT NULL, general_31 integer NOT NULL, hazards_overdue integer NOT NULL,
     supervised_open_hazards integer NOT NULL, supervised_overdue_hazards integer NOT NULL,
     red_sites integer NOT NULL, risk_sum numeric NOT NULL, risk_count integer NOT NULL,
     computed_at timestamptz NOT NULL, valid_until timestamptz NOT NULL,
     PRIMARY KEY (district_id, grid_key)
   )`,
  `CREATE INDEX kpi_areas_grid_idx ON kpi_areas (grid_key)`,
  `CREATE INDEX kpi_areas_valid_idx ON kpi_areas (valid_until)`,
  `CREATE TABLE kpi_areas_stale (district_id integer NOT NULL, grid_key integer NOT NULL, PRIMARY KEY (district_id, grid_key))`,

  `CREATE FUNCTION sg_kpi_areas_stale() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       EXECUTE format('INSERT INTO kpi_areas_stale (district_id, grid_key) SELECT DISTINCT * FROM (%s) a ON CONFLICT DO NOTHING',
         CASE TG_ARGV[0] ${Object.entries(AREAS_OF).map(([how, areas]) => `WHEN '${how}' THEN '${areas.replaceAll("'", "''")}'`).join(' ')} END);
       RETURN NULL;
     END
   $$`,
  // A device's readings move last_seen_at many times a second across a city. Only a change the counts can see marks
  // its area: its link, status or interval, or a last_seen_at other than a reporting device's moving forward (2
  // intervals, as SILENT_AFTER_INTERVALS in server/domain/alarm-rules.ts). Falling silent is time alone: see valid_until.
  `CREATE FUNCTION sg_kpi_devices_stale() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO kpi_areas_stale (district_id, grid_key)
       SELECT DISTINCT s.district_id, coalesce(s.grid_id, 0)
       FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN sites s ON s.id IN (o.site_id, n.site_id)
       WHERE (o.status, o.site_id, o.camera_id, o.crane_id, o.interval_s) IS DISTINCT FROM (n.status, n.site_id, n.camera_id, n.crane_id, n.interval_s)
          OR NOT coalesce(o.last_seen_at >= now() - make_interval(secs => o.interval_s * 2) AND n.last_seen_at >= o.last_seen_at, false)
       ON CONFLICT DO NOTHING;
       RETURN NULL;
     END
   $$`,
  ...SITE_TABLES.flatMap((table) => triggers(table, 'site')),
  ...triggers('sites', 'self'),
  ...triggers('certificates', 'person'),
  ...triggers('devices', 'site'),
  `CREATE TRIGGER devices_kpi_upd AFTER UPDATE ON devices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
     FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_devices_stale()`,
  // The rest of the KPI report reads a campaign's findings and penalties, a crane installer's sites, the lowest
  // scores of the latest credit period and the open chemical dangers through these.
  `CREATE INDEX hazards_inspection_idx ON hazards (inspection_id)`,
  `CREATE INDEX notices_hazard_idx ON notices (hazard_id) WHERE hazard_id IS NOT NULL`,
  `CREATE INDEX enterprise_credit_period_score_idx ON enterprise_credit (period_end, score)`,
  `CREATE INDEX cranes_installer_idx ON cranes (installer_id) WHERE installer_id IS NOT NULL`,
  `CREATE INDEX hazards_open_raised_idx ON hazards (raised_by) WHERE status <> 'closed'`,
  // Every existing area starts stale: the first refresh builds them all.
  `INSERT INTO kpi_areas_stale (district_id, grid_key) SELECT DISTINCT district_id, coalesce(grid_id, 0) FROM sites`,
]

const TRIGGERED = [...SITE_TABLES, 'sites', 'certificates', 'devices']

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TRIGGERED) {
    for (const event of ['ins', 'upd', 'upd_old', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_kpi_${event} ON ${table}`).execute(db)
  }
  for (const statement of ['DROP INDEX IF EXISTS hazards_inspection_idx', 'DROP INDEX IF EXISTS notices_hazard_idx', 'DROP INDEX IF EXISTS cranes_installer_idx',
    'DROP INDEX IF EXISTS enterprise_credit_period_score_idx', 'DROP INDEX IF EXISTS hazards_open_raised_idx',
    'DROP FUNCTION IF EXISTS sg_kpi_devices_stale()', 'DROP FUNCTION IF EXISTS sg_kpi_areas_stale()',
    'DROP TABLE IF EXISTS kpi_areas_stale', 'DROP TABLE IF EXISTS kpi_areas']) {
    await sql.raw(statement).execute(db)
  }
}
