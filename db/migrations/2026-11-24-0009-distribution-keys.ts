import { type Kysely, sql } from 'kysely'

/*
 * Growing past one machine. Every large table gets `district_id`, the key Citus would distribute by: a district's
 * sites and everything hung on them then live on one worker, so a district supervisor's queries and a site's
 * joins stay on one node. The column is filled by a trigger from the row's site (callers never pass it, so it
 * cannot disagree) and follows a site that moves to another district.
 *
 * PM10 readings, the sensor table that grows without bound, become a table partitioned by month (Shanghai months):
 * a month's readings are one partition to scan, detach or archive. A default partition takes what falls outside
 * the months created, so no reading is ever refused; sg_pm10_partitions() adds months ahead and the server calls
 * it at every start.
 */

/** Tables whose rows belong to one site through `site_id`. */
const SITE_CHILDREN = ['cameras', 'cranes', 'dangerous_works', 'inspections', 'hazards', 'notices', 'live_events', 'site_risk', 'site_coverage']

const PM10_TRIGGERS = [
  `CREATE TRIGGER pm10_readings_stale_ins AFTER INSERT ON pm10_readings REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_mark_stale()`,
  `CREATE TRIGGER pm10_readings_stale_upd AFTER UPDATE ON pm10_readings REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_mark_stale()`,
  `CREATE TRIGGER pm10_readings_stale_del AFTER DELETE ON pm10_readings REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sg_mark_stale()`,
  `CREATE TRIGGER pm10_live_ins AFTER INSERT ON pm10_readings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sg_live_pm10()`,
  `CREATE TRIGGER pm10_readings_district BEFORE INSERT OR UPDATE OF site_id ON pm10_readings FOR EACH ROW EXECUTE FUNCTION sg_site_district()`,
]

const statements = [
  `CREATE FUNCTION sg_site_district() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN NEW.district_id := (SELECT s.district_id FROM sites s WHERE s.id = NEW.site_id); RETURN NEW; END
   $$`,
  `CREATE FUNCTION sg_hazard_event_district() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN NEW.district_id := (SELECT h.district_id FROM hazards h WHERE h.id = NEW.hazard_id); RETURN NEW; END
   $$`,
  // Backfills below run with the tables' own triggers off: re-keying is not a change the risk marks, the live
  // feed or the tile cache should react to.
  ...SITE_CHILDREN.flatMap((table) => [
    `ALTER TABLE ${table} ADD COLUMN district_id integer`,
    `ALTER TABLE ${table} DISABLE TRIGGER USER`,
    `UPDATE ${table} t SET district_id = s.district_id FROM sites s WHERE s.id = t.site_id`,
    `ALTER TABLE ${table} ENABLE TRIGGER USER`,
    `ALTER TABLE ${table} ALTER COLUMN district_id SET NOT NULL`,
    `CREATE TRIGGER ${table}_district BEFORE INSERT OR UPDATE OF site_id ON ${table} FOR EACH ROW EXECUTE FUNCTION sg_site_district()`,
  ]),
  `ALTER TABLE hazard_events ADD COLUMN district_id integer`,
  `ALTER TABLE hazard_events DISABLE TRIGGER USER`,
  `UPDATE hazard_events e SET district_id = h.district_id FROM hazards h WHERE h.id = e.hazard_id`,
  `ALTER TABLE hazard_events ENABLE TRIGGER USER`,
  `ALTER TABLE hazard_events ALTER COLUMN district_id SET NOT NULL`,
  `CREATE TRIGGER hazard_events_district BEFORE INSERT OR UPDATE OF hazard_id ON hazard_events FOR EACH ROW EXECUTE FUNCTION sg_hazard_event_district()`,
  `CREATE FUNCTION sg_follow_site_district() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       ${SITE_CHILDREN.map((t) => `UPDATE ${t} SET district_id = NEW.district_id WHERE site_id = NEW.id;`).join('\n       ')}
       UPDATE pm10_readings SET district_id = NEW.district_id WHERE site_id = NEW.id;
       UPDATE hazard_events e SET district_id = NEW.district_id FROM hazards h WHERE h.id = e.hazard_id AND h.site_id = NEW.id;
       RETURN NULL;
     END
   $$`,
  `CREATE TRIGGER sites_district_follow AFTER UPDATE OF district_id ON sites FOR EACH ROW
     WHEN (OLD.district_id IS DISTINCT FROM NEW.district_id) EXECUTE FUNCTION sg_follow_site_district()`,

  // PM10 by month. Station readings have no site and so no district: in Citus the few stations' rows would be a
  // reference table; here they share the partitions.
  `ALTER TABLE pm10_readings RENAME TO pm10_readings_unpartitioned`,
  `CREATE TABLE pm10_readings (
     site_id integer REFERENCES sites(id) ON DELETE CASCADE,
     station_id integer REFERENCES aq_stations(id) ON DELETE CASCADE,
     measured_at timestamptz NOT NULL,
     pm10 real NOT NULL CHECK (pm10 >= 0 AND pm10 < 5000),
     district_id integer,
     CHECK ((site_id IS NULL) <> (station_id IS NULL))
   ) PARTITION BY RANGE (measured_at)`,
  `CREATE TABLE pm10_readings_default PARTITION OF pm10_readings DEFAULT`,
  `CREATE FUNCTION sg_pm10_partitions(first_month date, last_month date) RETURNS integer LANGUAGE plpgsql AS $$
     DECLARE month date := date_trunc('month', first_month); made integer := 0; name text;
     BEGIN
       WHILE month <= last_month LOOP
         name := 'pm10_readings_' || to_char(month, 'YYYYMM');
         -- A month that already has readings in the default partition stays there: moving them is a manual job.
         IF to_regclass(name) IS NULL AND NOT EXISTS (SELECT 1 FROM pm10_readings_default
              WHERE measured_at >= month::timestamp AT TIME ZONE 'Asia/Shanghai'
                AND measured_at < (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai') THEN
           EXECUTE format('CREATE TABLE %I PARTITION OF pm10_readings FOR VALUES FROM (%L) TO (%L)', name,
             month::timestamp AT TIME ZONE 'Asia/Shanghai', (month + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai');
           made := made + 1;
         END IF;
         month := month + interval '1 month';
       END LOOP;
       RETURN made;
     END
   $$`,
  `SELECT sg_pm10_partitions(
     coalesce((SELECT min(measured_at AT TIME ZONE 'Asia/Shanghai')::date FROM pm10_readings_unpartitioned), (now() AT TIME ZONE 'Asia/Shanghai')::date - 62),
     (now() AT TIME ZONE 'Asia/Shanghai')::date + 366)`,
  `INSERT INTO pm10_readings (site_id, station_id, measured_at, pm10, district_id)
     SELECT p.site_id, p.station_id, p.measured_at, p.pm10, s.district_id FROM pm10_readings_unpartitioned p LEFT JOIN sites s ON s.id = p.site_id`,
  `DROP TABLE pm10_readings_unpartitioned`,
  `CREATE UNIQUE INDEX pm10_site_time_idx ON pm10_readings (site_id, measured_at) WHERE site_id IS NOT NULL`,
  `CREATE UNIQUE INDEX pm10_station_time_idx ON pm10_readings (station_id, measured_at) WHERE station_id IS NOT NULL`,
  ...PM10_TRIGGERS,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db)
  await run('DROP TRIGGER IF EXISTS sites_district_follow ON sites')
  await run('DROP FUNCTION IF EXISTS sg_follow_site_district()')
  for (const table of [...SITE_CHILDREN, 'hazard_events']) {
    await run(`DROP TRIGGER IF EXISTS ${table}_district ON ${table}`)
    await run(`ALTER TABLE ${table} DROP COLUMN IF EXISTS district_id`)
  }
  await run('ALTER TABLE pm10_readings RENAME TO pm10_readings_partitioned')
  await run(`CREATE TABLE pm10_readings (
     site_id integer REFERENCES sites(id) ON DELETE CASCADE,
     station_id integer REFERENCES aq_stations(id) ON DELETE CASCADE,
     measured_at timestamptz NOT NULL,
     pm10 real NOT NULL CHECK (pm10 >= 0 AND pm10 < 5000),
     CHECK ((site_id IS NULL) <> (station_id IS NULL)))`)
  await run('INSERT INTO pm10_readings SELECT site_id, station_id, measured_at, pm10 FROM pm10_readings_partitioned')
  await run('DROP TABLE pm10_readings_partitioned')
  await run('CREATE UNIQUE INDEX pm10_site_time_idx ON pm10_readings (site_id, measured_at) WHERE site_id IS NOT NULL')
  await run('CREATE UNIQUE INDEX pm10_station_time_idx ON pm10_readings (station_id, measured_at) WHERE station_id IS NOT NULL')
  for (const trigger of PM10_TRIGGERS.slice(0, 4)) await run(trigger)
  await run('DROP FUNCTION IF EXISTS sg_pm10_partitions(date, date)')
  await run('DROP FUNCTION IF EXISTS sg_site_district()')
  await run('DROP FUNCTION IF EXISTS sg_hazard_event_district()')
}
