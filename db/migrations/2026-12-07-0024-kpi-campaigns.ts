import { type Kysely, sql } from 'kysely'

/*
 * A campaign's progress per KPI area (0021): targets planned and inspected, the hazards its inspections found, those
 * closed, and the penalties issued on them. The wall and every district page show the running campaigns' totals;
 * counted per call, each campaign's inspections were walked one by one (21,000 per campaign at 1,000,000 sites).
 * The rows are recomputed with their area, so the tables they count mark areas as the others do; hazards do already.
 */

const TABLES = ['campaign_targets', 'inspections', 'notices']

const triggers = (table: string) => [
  `CREATE TRIGGER ${table}_kpi_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
  `CREATE TRIGGER ${table}_kpi_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
  `CREATE TRIGGER ${table}_kpi_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
  `CREATE TRIGGER ${table}_kpi_upd_old AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE kpi_campaign_areas (
    campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE, district_id integer NOT NULL, grid_key integer NOT NULL,
    planned integer NOT NULL, inspected integer NOT NULL, findings integer NOT NULL, closed integer NOT NULL, penalties integer NOT NULL,
    PRIMARY KEY (campaign_id, district_id, grid_key))`.execute(db)
  await sql`CREATE INDEX kpi_campaign_areas_area_idx ON kpi_campaign_areas (district_id, grid_key)`.execute(db)
  for (const statement of TABLES.flatMap(triggers)) await sql.raw(statement).execute(db)
  await sql`INSERT INTO kpi_areas_stale (district_id, grid_key) SELECT district_id, grid_key FROM kpi_areas ON CONFLICT DO NOTHING`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    for (const event of ['ins', 'upd', 'upd_old', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_kpi_${event} ON ${table}`).execute(db)
  }
  await sql`DROP TABLE IF EXISTS kpi_campaign_areas`.execute(db)
}
