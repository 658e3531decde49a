import { type Kysely, sql } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import { POSITION_NEEDS } from '../../domain/certification.ts'
import { raiseSystemHazard } from '../hazards/system-hazards.repo.ts'

/*
 * An expired certificate held by someone staffed now on a site still under way, in a role that needs that kind of
 * certificate (and not renewed by a valid one), is a hazard the system raises itself: one per certificate and site,
 * however often the sweep runs (raiseSystemHazard keeps one open per source).
 */

const RECTIFY_DAYS = 7
const MANAGERS = ['project_manager', 'chief_supervisor', 'safety_director', 'safety_officer']

/** role → certificate kinds it needs, from the certification rules. */
const KINDS_BY_ROLE = Object.values(POSITION_NEEDS).map(({ role, needs }) => needs.map((n) => sql`(${role}::text, ${n.kind}::text, ${n.specialty ?? ''}::text, ${n.specialty === undefined}::boolean)`))

export async function sweepCertificates(db: Kysely<DB>, at: AsOf = LIVE): Promise<{ raised: number }> {
  const { rows } = await sql<{ cert_id: number; site_id: number; role: string; name: string; kind: string; specialty: string; number: string; expires_on: string; deadline: string }>`
    SELECT DISTINCT c.id AS cert_id, st.site_id, st.role, p.name, c.kind, c.specialty, c.number, c.expires_on::text AS expires_on,
      (${at.day} + ${RECTIFY_DAYS}::int)::text AS deadline
    FROM certificates c JOIN people p ON p.id = c.person_id
    JOIN site_staff st ON st.person_id = c.person_id AND st.to_date IS NULL
    JOIN sites s ON s.id = st.site_id AND s.stage <> 'completed'
    JOIN (VALUES ${sql.join(KINDS_BY_ROLE.flat())}) AS need(role, kind, specialty, any_specialty)
      ON need.role = st.role AND need.kind = c.kind AND (need.any_specialty OR need.specialty = c.specialty)
    WHERE c.revoked_on IS NULL AND c.expires_on < ${at.day}
      -- the latest of a renewal chain only: one hazard per lapse, not one per expired link
      AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.person_id = c.person_id AND r.kind = c.kind AND r.specialty = c.specialty
        AND r.revoked_on IS NULL AND r.expires_on >= ${at.day} AND r.issued_on <= ${at.day})
    ORDER BY c.id, st.site_id`.execute(db)
  let raised = 0
  await inTransaction(db, async (trx) => {
    for (const r of rows) {
      const manager = MANAGERS.includes(r.role)
      const id = await raiseSystemHazard(trx, {
        siteId: r.site_id, raisedBy: 'certificate', sourceRef: `certificate:${r.cert_id}:site:${r.site_id}`,
        severity: manager ? 'general' : 'major', category: manager ? '管理人员证书过期' : '特种作业人员证书过期',
        description: `${r.name} 的${r.specialty || r.kind}证书(${r.number})已于 ${r.expires_on} 过期,仍在岗`, deadline: r.deadline,
      }, at)
      if (id !== null) raised++
    }
  })
  return { raised }
}
