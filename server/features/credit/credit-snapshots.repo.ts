import { type Kysely, sql } from 'kysely'
import { insertMany } from '../../../db/bulk.ts'
import { jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { CreditFactor, CreditGrade, CreditRole } from '../../domain/credit-config.ts'
import type { CreditScore } from '../../domain/credit.ts'

/*
 * The records behind each firm's credit, counted in SQL per firm, role, factor and snapshot. A snapshot at month
 * end P counts what happened in the 12 months up to P (to the job's clock for the current month), so each month's
 * row says what the firm's record was then. Site parties have no dates: a site's records fall on its parties now.
 */

/** One snapshot: the month end it is named by, and the last Beijing day it counts (earlier for the current month). */
export interface CreditPeriod { periodEnd: string; cutoff: string }
export interface CreditCountRow { enterprise_id: number; period_end: string; role: CreditRole; factor: CreditFactor; units: number }

const day = (ts: string) => sql.raw(`(${ts} AT TIME ZONE 'Asia/Shanghai')::date`)

export async function countCreditRecords(db: Kysely<DB>, periods: CreditPeriod[], periodMonths: number): Promise<CreditCountRow[]> {
  const p = sql`(VALUES ${sql.join(periods.map((x) => sql`(${x.periodEnd}::date, ${x.cutoff}::date)`))}) AS p(period_end, cutoff)`
  const { rows } = await sql<CreditCountRow>`
    WITH site_records AS (
      -- What supervisors found; hazards the system raised are counted by their own factors below.
      SELECT site_id, ${day('found_at')} AS day, CASE WHEN severity = 'major' THEN 'majorHazards' ELSE 'generalHazards' END AS factor
      FROM hazards WHERE raised_by = 'inspection'
      -- Overdue the day after its deadline, unless closed by then.
      UNION ALL SELECT site_id, deadline::date + 1, 'overdueHazards' FROM hazards
      WHERE closed_at IS NULL OR ${day('closed_at')} > deadline::date
      UNION ALL SELECT site_id, ${day('issued_at')}, CASE type_code WHEN 'rectification' THEN 'rectificationNotices'
        WHEN 'stop_work_rectification' THEN 'stopWorkNotices' ELSE 'penalties' END
      FROM notices WHERE type_code IN ('rectification', 'stop_work_rectification', 'penalty')
      UNION ALL SELECT site_id, ${day('occurred_at')}, CASE grade WHEN 'general' THEN 'generalAccidents' WHEN 'larger' THEN 'largerAccidents'
        ELSE 'majorAccidents' END FROM accidents
      UNION ALL SELECT site_id, issued_on, 'nonConformingTests' FROM testing_reports WHERE NOT conforming
      UNION ALL SELECT site_id, ${day('closed_at')}, 'foundedComplaints' FROM complaints WHERE founded AND site_id IS NOT NULL
    ), firm_records AS (
      SELECT sp.enterprise_id, sp.role, r.day, r.factor FROM site_records r JOIN site_parties sp ON sp.site_id = r.site_id
      WHERE sp.enterprise_id IS NOT NULL AND sp.role IN ('contractor', 'supervisor')
      -- A crane hazard falls on the owner and the installer of the cranes standing on the site when it was found.
      UNION ALL SELECT DISTINCT ON (h.id, x.enterprise_id, x.role) x.enterprise_id, x.role, ${day('h.found_at')}, 'craneHazards'
      FROM hazards h JOIN cranes c ON c.site_id = h.site_id JOIN crane_machines m ON m.id = c.machine_id
      CROSS JOIN LATERAL (VALUES (m.owner_id, 'crane_owner'), (c.installer_id, 'crane_installer')) x(enterprise_id, role)
      WHERE h.raised_by = 'crane' AND x.enterprise_id IS NOT NULL
        AND ${day('h.found_at')} >= c.installed_on::date AND (c.dismantled_on IS NULL OR ${day('h.found_at')} <= c.dismantled_on::date)
      -- 一案双查: a penalty decided against a firm for an accident, in its role on the accident's site; 顶格处罚 counts twice.
      UNION ALL SELECT p.enterprise_id, sp.role, p.decided_on::date, 'accidentPenalties' FROM accident_penalties p
      JOIN accidents a ON a.id = p.accident_id JOIN site_parties sp ON sp.site_id = a.site_id AND sp.enterprise_id = p.enterprise_id
      CROSS JOIN generate_series(1, CASE WHEN p.top_of_range THEN 2 ELSE 1 END) n
      WHERE p.party_kind = 'enterprise' AND sp.role IN ('contractor', 'supervisor')
      UNION ALL SELECT institution_id, 'testing', held_on::date,
        CASE result WHEN 'questionable' THEN 'capabilityQuestionable' ELSE 'capabilityUnsatisfactory' END
      FROM capability_verifications WHERE result <> 'satisfactory'
      UNION ALL SELECT enterprise_id, 'testing', ${day('inspected_at')}, CASE outcome WHEN 'rectify' THEN 'flightCheckRectify' ELSE 'flightCheckFail' END
      FROM enterprise_inspections WHERE kind = 'flight_check' AND outcome <> 'pass'
      UNION ALL SELECT enterprise_id, 'awardee', awarded_on::date,
        CASE level WHEN 'national' THEN 'nationalAwards' WHEN 'provincial' THEN 'provincialAwards' ELSE 'municipalAwards' END
      FROM enterprise_awards
    )
    SELECT f.enterprise_id, p.period_end::text AS period_end, f.role, f.factor, count(*)::int AS units
    FROM firm_records f JOIN ${p} ON f.day > (p.period_end - make_interval(months => ${periodMonths}::int))::date AND f.day <= p.cutoff
    GROUP BY 1, 2, 3, 4
    UNION ALL
    -- A certificate that lapsed in the period, not renewed by the cutoff, held by someone then on an active site.
    SELECT pe.employer_id, p.period_end::text, 'employer', 'expiredCertificates', count(DISTINCT c.id)::int
    FROM certificates c JOIN people pe ON pe.id = c.person_id CROSS JOIN ${p}
    WHERE pe.employer_id IS NOT NULL AND c.revoked_on IS NULL AND c.expires_on::date <= p.cutoff
      AND c.expires_on::date > (p.period_end - make_interval(months => ${periodMonths}::int))::date
      AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id AND r.issued_on::date <= p.cutoff)
      AND EXISTS (SELECT 1 FROM site_staff st JOIN sites s ON s.id = st.site_id WHERE st.person_id = pe.id AND s.stage <> 'completed'
                  AND st.from_date::date <= p.cutoff AND (st.to_date IS NULL OR st.to_date::date >= c.expires_on::date))
    GROUP BY 1, 2`.execute(db)
  return rows
}

export async function allEnterpriseIds(db: Kysely<DB>): Promise<number[]> {
  return (await db.selectFrom('enterprises').select('id').orderBy('id').execute()).map((r) => r.id)
}

/** Latest grade per firm, before the snapshots are replaced: to tell whose grade moved. */
export async function latestGrades(db: Kysely<DB>): Promise<Map<number, CreditGrade>> {
  const rows = await db.selectFrom('enterprise_credit').distinctOn('enterprise_id').select(['enterprise_id', 'grade'])
    .orderBy('enterprise_id').orderBy('period_end', 'desc').execute()
  return new Map(rows.map((r) => [r.enterprise_id, r.grade as CreditGrade]))
}

export interface CreditSnapshot { enterpriseId: number; periodEnd: string; credit: CreditScore }

/** Held to the end of the caller's transaction; a second recompute waits for the first. */
export async function lockCreditRecompute(trx: Kysely<DB>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('sitegrid.credit.recompute'))`.execute(trx)
}

/** The periods' snapshots go before new ones are written, in the caller's transaction: readers see old or new. */
export async function deleteSnapshots(db: Kysely<DB>, periods: CreditPeriod[]): Promise<void> {
  await db.deleteFrom('enterprise_credit').where(sql<boolean>`period_end::text IN (${sql.join(periods.map((p) => p.periodEnd))})`).execute()
}

export async function insertSnapshots(db: Kysely<DB>, snapshots: CreditSnapshot[]): Promise<void> {
  await insertMany(db, 'enterprise_credit', snapshots.map((s) => ({
    enterprise_id: s.enterpriseId, period_end: s.periodEnd, score: s.credit.score, grade: s.credit.grade,
    breakdown: jsonb(s.credit.breakdown), computed_at: sql`now()`,
  })))
}

/** Sites whose contractor, or the owner or installer of a live crane, is one of `enterpriseIds`: their risk reads credit. */
export async function markSitesOfFirmsStale(db: Kysely<DB>, enterpriseIds: number[]): Promise<void> {
  if (enterpriseIds.length === 0) return
  // One jsonb parameter, not one per id: a 100,000-site city's firms, three times over, passed the protocol's 65,535.
  const ids = sql`SELECT (jsonb_array_elements_text(${jsonb(enterpriseIds)}))::int`
  await sql`INSERT INTO risk_stale (site_id, coverage)
    SELECT site_id, false FROM site_parties WHERE role = 'contractor' AND enterprise_id IN (${ids})
    UNION SELECT c.site_id, false FROM cranes c JOIN crane_machines m ON m.id = c.machine_id
    WHERE c.stage <> 'dismantled' AND (m.owner_id IN (${ids}) OR c.installer_id IN (${ids}))
    ON CONFLICT (site_id) DO UPDATE SET marked_at = clock_timestamp()`.execute(db)
}
