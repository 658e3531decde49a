import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday, jsonb } from '../../../db/sql.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import type { ReportContent } from '../../domain/report-content.ts'
import { type Period, type PeriodKind, periodLabel, reportCode, reportRecipients } from '../../domain/report-period.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { reportContent } from './report-content.repo.ts'

/*
 * Issued reports: immutable rows (a trigger refuses UPDATE and DELETE) numbered in one series per year of issue,
 * each version of a period and area naming the one it supersedes; issuing tells the recipients in the portal.
 */

export interface ReportSummary {
  id: number
  code: string
  year: number
  number: number
  period: PeriodKind
  periodStart: string
  periodEnd: string
  label: string
  districtId: number | null
  areaName: string
  version: number
  supersedes: number | null
  /** Null when the monthly schedule issued it. */
  issuedBy: { id: number; name: string } | null
  issuedAt: string
}

interface Row extends Omit<ReportSummary, 'label' | 'issuedBy'> { issuerId: number | null; issuerName: string | null }

const columns = sql`r.id, r.code, r.year, r.number, r.period, r.period_start::text AS "periodStart", r.period_end::text AS "periodEnd",
  r.district_id AS "districtId", coalesce(d.name, '全市') AS "areaName", r.version, r.supersedes, r.issued_by AS "issuerId",
  u.display_name AS "issuerName", ${beijingIso(sql`r.issued_at`)} AS "issuedAt"`
const from = sql`reports r LEFT JOIN districts d ON d.id = r.district_id LEFT JOIN users u ON u.id = r.issued_by`

const summary = ({ issuerId, issuerName, ...r }: Row): ReportSummary => ({
  ...r, label: periodLabel({ kind: r.period, start: r.periodStart, end: r.periodEnd }),
  issuedBy: issuerId === null ? null : { id: issuerId, name: issuerName ?? '' },
})

/** The reports a scope reads: the city reads all; a district station its own district's, not the city's. */
const readable = (scope: SiteScope) => (scope.kind === 'city' ? sql`true` : scope.kind === 'district' ? sql`r.district_id = ${scope.districtId}` : sql`false`)

export interface ReportFilter { period?: PeriodKind; year?: number; districtId?: number; city?: boolean; limit: number }

export async function listReports(db: Kysely<DB>, scope: SiteScope, f: ReportFilter): Promise<ReportSummary[]> {
  const { rows } = await sql<Row>`
    SELECT ${columns} FROM ${from} WHERE ${readable(scope)}
      ${f.period ? sql`AND r.period = ${f.period}` : sql``}
      ${f.year ? sql`AND extract(year FROM r.period_start) = ${f.year}` : sql``}
      ${f.districtId ? sql`AND r.district_id = ${f.districtId}` : sql``}
      ${f.city ? sql`AND r.district_id IS NULL` : sql``}
    ORDER BY r.period_start DESC, r.district_id NULLS FIRST, r.version DESC, r.id DESC LIMIT ${f.limit}`.execute(db)
  return rows.map(summary)
}

export async function findReport(db: Kysely<DB>, scope: SiteScope, id: number): Promise<(ReportSummary & { content: ReportContent }) | null> {
  const { rows } = await sql<Row & { content: ReportContent }>`SELECT ${columns}, r.content FROM ${from} WHERE r.id = ${id} AND ${readable(scope)}`.execute(db)
  return rows[0] ? { ...summary(rows[0]), content: rows[0].content } : null
}

export interface IssueRequest {
  period: Period
  districtId: number | null
  issuedBy: number | null
  /** Issue nothing when a version of the period's report for the area exists already (the schedule issues each once). */
  unlessIssued?: boolean
}

/**
 * Issues the period's report for the area in one transaction: its content from the records and snapshots, the
 * year's next number (taken under a transaction-scoped lock, so two issues at once cannot share one), the next
 * version of that period and area, and a notification to each recipient. Null when `unlessIssued` found one.
 */
export async function issueReport(db: Kysely<DB>, request: IssueRequest): Promise<{ id: number; code: string; version: number } | null> {
  const { period, districtId, issuedBy } = request
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('reports.number'))`.execute(trx)
    const { year, number } = (await sql<{ year: number; number: number }>`
      SELECT y.year, coalesce((SELECT max(number) FROM reports WHERE year = y.year), 0)::int + 1 AS number
      FROM (SELECT extract(year FROM ${beijingToday})::int AS year) y`.execute(trx)).rows[0]
    const latest = await trx.selectFrom('reports').select(['id', 'version']).where('period', '=', period.kind)
      .where(sql<boolean>`period_start = ${period.start}::date AND coalesce(district_id, 0) = ${districtId ?? 0}`).orderBy('version', 'desc').limit(1).executeTakeFirst()
    if (latest && request.unlessIssued) return null
    const content = await reportContent(trx, period, districtId)
    const code = reportCode(year, number)
    const version = (latest?.version ?? 0) + 1
    const { id } = await trx.insertInto('reports').values({
      year, number, code, period: period.kind, period_start: period.start, period_end: period.end, district_id: districtId,
      version, supersedes: latest?.id ?? null, content: jsonb(content), issued_by: issuedBy,
    }).returning('id').executeTakeFirstOrThrow()
    const users = await trx.selectFrom('users').select(['id', 'role', 'district_id as districtId']).where('active', '=', true).execute()
    const recipients = reportRecipients(users, districtId)
    if (recipients.length > 0) {
      await trx.insertInto('notifications').values(recipients.map((userId) => ({
        user_id: userId, kind: 'report_issued', title: `${code} ${content.area.name}${content.period.label}报告已签发`, link: `/reports/${id}`, report_id: id,
      }))).execute()
    }
    return { id, code, version }
  })
}
