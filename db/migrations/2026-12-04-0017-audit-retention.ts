import { type Kysely, sql } from 'kysely'

/*
 * Audit retention (网络安全法 Art. 21: network logs kept at least six months). The audit log and the sign-in log
 * become tables partitioned by Shanghai month, so that a month past retention goes as one DROP of its partition
 * (nothing else may remove a row: the append-only trigger stays, now on every partition, TRUNCATE included).
 * A month may go only once an auditor has exported it (audit_exports: its row count and the CSV's SHA-256) and
 * it ended 180 days ago by the database's own clock, whatever the retention job's clock or setting says
 * (sg_drop_audit_month). A default partition takes what falls outside the months created, so no entry is ever
 * refused; such rows are simply never dropped.
 *
 * The partitioned tables are copied from the existing ones (LIKE …), with their indexes, foreign keys and
 * triggers read from the catalogue, so that columns other migrations added come along without being named here.
 */

const LOGS = ['audit_log', 'login_attempts'] as const
type Log = (typeof LOGS)[number]

const q = (db: Kysely<unknown>, text: string) => sql.raw(text).execute(db)

async function one<T>(db: Kysely<unknown>, text: string): Promise<T[]> {
  return (await sql.raw<T>(text).execute(db)).rows
}

/**
 * Rebuilds `table` as a partitioned (by month of `at`, with primary key (id, at)) or a plain (primary key id)
 * table, keeping its rows, ids, identity, indexes, foreign keys and triggers.
 */
async function rebuild(db: Kysely<unknown>, table: Log, partitioned: boolean) {
  const old = `${table}_rebuilt_from`
  // Read before the rename, so each definition already names the table as it will be called.
  const indexes = await one<{ def: string }>(db, `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
    WHERE i.indrelid = '${table}'::regclass AND NOT i.indisprimary AND i.indexrelid IS DISTINCT FROM to_regclass('${table}_id_at_idx')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)`)
  const constraints = await one<{ name: string; def: string }>(db, `SELECT conname AS name, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE conrelid = '${table}'::regclass AND contype IN ('f', 'u')`)
  const triggers = await one<{ def: string }>(db, `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger
    WHERE tgrelid = '${table}'::regclass AND NOT tgisinternal`)
  const [sequence] = await one<{ name: string }>(db, `SELECT pg_get_serial_sequence('${table}', 'id') AS name`)

  await q(db, `ALTER TABLE ${table} RENAME TO ${old}`)
  await q(db, `CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING COMMENTS)
    ${partitioned ? 'PARTITION BY RANGE (at)' : ''}`)
  if (partitioned) {
    await q(db, `CREATE TABLE ${table}_default PARTITION OF ${table} DEFAULT`)
    await q(db, `SELECT sg_audit_partitions(
      coalesce((SELECT min(at AT TIME ZONE 'Asia/Shanghai')::date FROM ${old}), (now() AT TIME ZONE 'Asia/Shanghai')::date),
      (now() AT TIME ZONE 'Asia/Shanghai')::date + 92)`)
  }
  await q(db, `INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM ${old}`)
  // The next id continues the old sequence (not max(id)): an id handed out once, even to a rolled-back row, is never reused.
  const [next] = await one<{ name: string }>(db, `SELECT pg_get_serial_sequence('${table}', 'id') AS name`)
  await q(db, `SELECT setval('${next.name}', last_value, is_called) FROM ${sequence.name}`)
  await q(db, `DROP TABLE ${old}`)
  await q(db, `ALTER SEQUENCE ${next.name} RENAME TO ${sequence.name.replace(/^public\./, '')}`)

  // Partitioned, the identity is a unique index rather than a primary key, as pm10_readings' is: pg_restore --clean
  // (PostgreSQL 15) tries to drop each partition's inherited primary-key constraint and fails, so a backup with
  // partitioned primary keys could not be restored over a database (tests/api/backup.test.ts).
  await q(db, partitioned ? `CREATE UNIQUE INDEX ${table}_id_at_idx ON ${table} (id, at)` : `ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY (id)`)
  for (const { def } of indexes) await q(db, def.replace(' ON ONLY ', ' ON '))
  for (const { name, def } of constraints) await q(db, `ALTER TABLE ${table} ADD CONSTRAINT ${name} ${def}`)
  for (const { def } of triggers) await q(db, def)
}

const up_statements = [
  `CREATE FUNCTION sg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END
   $$`,
  // Partitions for the Shanghai months from first_month to last_month, of both logs. A month that already has rows
  // in the default partition stays there (PostgreSQL refuses the partition otherwise). TRUNCATE triggers are not
  // inherited, so each audit-log partition gets its own.
  `CREATE FUNCTION sg_audit_partitions(first_month date, last_month date) RETURNS integer LANGUAGE plpgsql AS $$
     DECLARE m date := date_trunc('month', first_month); made integer := 0; parent text; part text; lo timestamptz; hi timestamptz; busy boolean;
     BEGIN
       WHILE m <= last_month LOOP
         lo := m::timestamp AT TIME ZONE 'Asia/Shanghai';
         hi := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
         FOREACH parent IN ARRAY ARRAY['audit_log', 'login_attempts'] LOOP
           -- While the migration rebuilds the logs one by one, a log not yet partitioned is passed over.
           CONTINUE WHEN to_regclass(parent || '_default') IS NULL;
           part := parent || '_' || to_char(m, 'YYYYMM');
           EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE at >= $1 AND at < $2)', parent || '_default') INTO busy USING lo, hi;
           IF to_regclass(part) IS NULL AND NOT busy THEN
             EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
             IF parent = 'audit_log' THEN
               EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION sg_audit_log_append_only()', part || '_no_truncate', part);
             END IF;
             made := made + 1;
           END IF;
         END LOOP;
         m := m + interval '1 month';
       END LOOP;
       RETURN made;
     END
   $$`,
]

const after_statements = [
  `CREATE TRIGGER audit_log_default_no_truncate BEFORE TRUNCATE ON audit_log_default FOR EACH STATEMENT EXECUTE FUNCTION sg_audit_log_append_only()`,
  `CREATE TABLE audit_exports (
     id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     log_name text NOT NULL CHECK (log_name IN ('audit_log', 'login_attempts')),
     month date NOT NULL CHECK (month = date_trunc('month', month)),
     row_count bigint NOT NULL CHECK (row_count >= 0),
     first_id bigint,
     last_id bigint,
     sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
     exported_by integer NOT NULL REFERENCES users(id),
     exported_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX audit_exports_month_idx ON audit_exports (log_name, month)`,
  // What was exported, by whom, stays on record: a month could otherwise be made droppable or kept by editing it.
  `CREATE TRIGGER audit_exports_append_only BEFORE UPDATE OR DELETE ON audit_exports FOR EACH ROW EXECUTE FUNCTION sg_append_only()`,
  `CREATE TRIGGER audit_exports_no_truncate BEFORE TRUNCATE ON audit_exports FOR EACH STATEMENT EXECUTE FUNCTION sg_append_only()`,
  // The one way rows leave either log. It re-checks everything itself: the month ended before `cutoff` (the job's
  // clock minus retention) and 180 days before now() (the law's floor, which no clock or setting lowers), and an
  // export holds exactly the rows the partition holds now. The logs only grow, so the same count is the same rows.
  `CREATE FUNCTION sg_drop_audit_month(p_log text, p_month date, p_cutoff timestamptz) RETURNS bigint LANGUAGE plpgsql AS $$
     DECLARE
       m date := date_trunc('month', p_month);
       part text := p_log || '_' || to_char(p_month, 'YYYYMM');
       hi timestamptz := (date_trunc('month', p_month) + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
       n bigint;
     BEGIN
       IF p_log NOT IN ('audit_log', 'login_attempts') THEN RAISE EXCEPTION 'not an audit log: %', p_log; END IF;
       IF hi > p_cutoff OR hi > now() - interval '180 days' THEN RETURN NULL; END IF;
       IF NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = p_log::regclass AND inhrelid = to_regclass(part)) THEN RETURN NULL; END IF;
       EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', p_log);
       EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
       IF NOT EXISTS (SELECT 1 FROM audit_exports e WHERE e.log_name = p_log AND e.month = m AND e.row_count = n) THEN RETURN NULL; END IF;
       EXECUTE format('DROP TABLE %I', part);
       RETURN n;
     END
   $$`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of up_statements) await q(db, statement)
  for (const table of LOGS) await rebuild(db, table, true)
  for (const statement of after_statements) await q(db, statement)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await q(db, 'DROP FUNCTION IF EXISTS sg_drop_audit_month(text, date, timestamptz)')
  await q(db, 'DROP TABLE IF EXISTS audit_exports')
  // Partitions' own TRUNCATE triggers go with the partitions; the parent's are rebuilt onto the plain table.
  for (const table of LOGS) await rebuild(db, table, false)
  await q(db, 'DROP FUNCTION IF EXISTS sg_audit_partitions(date, date)')
  await q(db, 'DROP FUNCTION IF EXISTS sg_append_only()')
}
