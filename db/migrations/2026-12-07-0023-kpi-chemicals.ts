import { type Kysely, sql } from 'kysely'

/*
 * The hazardous-chemicals campaign's KPIs join the sums kept per area (0021): the sites storing chemicals, those of
 * them surveyed, and the open chemical dangers by severity and age. Counted per call they read every stored chemical
 * and every survey of the city, which grows with it (about 32,000 sites storing chemicals at 1,000,000 sites).
 * A chemical danger is a hazard, whose triggers already mark its area; the two chemical tables get their own.
 */

const COLUMNS = ['chem_sites', 'chem_surveyed', 'chem_major_0_7', 'chem_major_8_30', 'chem_major_31', 'chem_general_0_7', 'chem_general_8_30', 'chem_general_31']
const TABLES = ['site_chemicals', 'chemical_surveys']

const triggers = (table: string) => [
  `CREATE TRIGGER ${table}_kpi_ins AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
  `CREATE TRIGGER ${table}_kpi_del AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
  `CREATE TRIGGER ${table}_kpi_upd AFTER UPDATE ON ${table} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
  `CREATE TRIGGER ${table}_kpi_upd_old AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_kpi_areas_stale('site')`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE kpi_areas ${COLUMNS.map((c) => `ADD COLUMN ${c} integer NOT NULL DEFAULT 0`).join(', ')}`).execute(db)
  for (const statement of TABLES.flatMap(triggers)) await sql.raw(statement).execute(db)
  // The stored areas hold no chemical counts yet: the first refresh recomputes them all.
  await sql`INSERT INTO kpi_areas_stale (district_id, grid_key) SELECT district_id, grid_key FROM kpi_areas ON CONFLICT DO NOTHING`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    for (const event of ['ins', 'upd', 'upd_old', 'del']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_kpi_${event} ON ${table}`).execute(db)
  }
  await sql.raw(`ALTER TABLE kpi_areas ${COLUMNS.map((c) => `DROP COLUMN IF EXISTS ${c}`).join(', ')}`).execute(db)
}
