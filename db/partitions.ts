import { type Kysely, sql } from 'kysely'

/**
 * Creates the PM10 partitions for the coming year's Shanghai months (migration 0009's sg_pm10_partitions), so that
 * readings land in their month's partition rather than the default one. Idempotent; run at every start.
 */
export async function preparePm10Partitions(db: Kysely<any>): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    SELECT sg_pm10_partitions((now() AT TIME ZONE 'Asia/Shanghai')::date, (now() AT TIME ZONE 'Asia/Shanghai')::date + 366) AS made`.execute(db)
  return rows[0].made
}
