import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { scheduledPeriods } from '../../domain/report-period.ts'
import { beijingDay } from '../../domain/time.ts'
import { periodicJob } from '../../periodic.ts'
import { issueReport } from './reports.repo.ts'

/*
 * Scheduled generation: from the 1st of each month (Beijing), last month's report for the city and every district,
 * last quarter's in January, April, July and October, and last year's in January, each issued once (by no one: the
 * schedule) unless someone already issued it. A pass after downtime issues what is missing; one that finds them
 * all issued does nothing. On the 1st a report waits for its period's last day to be captured (the history job
 * runs at 00:05), so that its snapshot figures are of that day; from the 2nd it is issued with what history there is.
 */

export async function issueScheduledReports(db: Kysely<DB>, now: Date): Promise<{ issued: string[] }> {
  const today = beijingDay(now)
  const districts = (await db.selectFrom('districts').select('id').orderBy('id').execute()).map((d) => d.id)
  const issued: string[] = []
  for (const period of scheduledPeriods(today)) {
    if (today.endsWith('-01') && !(await captured(db, period.end))) continue
    for (const districtId of [null, ...districts]) {
      const report = await issueReport(db, { period, districtId, issuedBy: null, unlessIssued: true })
      if (report) issued.push(report.code)
    }
  }
  return { issued }
}

async function captured(db: Kysely<DB>, day: string): Promise<boolean> {
  return (await sql`SELECT 1 FROM kpi_days WHERE day = ${day}::date AND district_id IS NULL`.execute(db)).rows.length > 0
}

export function createReportJob(db: Kysely<DB>, options: { everyMs: number; now?: () => Date; onError(error: unknown): void }) {
  const now = options.now ?? (() => new Date())
  return periodicJob(() => issueScheduledReports(db, now()), options)
}
