import { type Kysely, sql } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import { raiseSystemHazard } from '../hazards/system-hazards.repo.ts'

/*
 * A crane in use whose latest inspection has expired (or failed) is working without a valid 检验: a major hazard the
 * system raises itself on the crane's site, one per installation and inspection, however often the sweep runs
 * (raiseSystemHazard keeps one open per source; a hazard closed while the crane still works uninspected is raised
 * again). A new passed inspection is a new source, so its own expiry is raised afresh. Installations with no
 * inspection recorded at all (rows from before the lifecycle log) are left to the lifecycle screen's flags.
 */

const RECTIFY_DAYS = 3
const CATEGORY = '起重机械检验过期仍在使用'

export async function sweepCranes(db: Kysely<DB>, at: AsOf = LIVE): Promise<{ raised: number }> {
  const { rows } = await sql<{ crane_id: number; site_id: number; event_id: number; record_no: string; passed: boolean; expires_on: string | null; deadline: string }>`
    SELECT c.id AS crane_id, c.site_id, i.id AS event_id, m.record_no, i.passed, i.expires_on::text AS expires_on,
      (${at.day} + ${RECTIFY_DAYS}::int)::text AS deadline
    FROM cranes c JOIN crane_machines m ON m.id = c.machine_id
    JOIN LATERAL (SELECT e.id, e.passed, e.expires_on FROM crane_events e WHERE e.crane_id = c.id AND e.step = 'inspection'
                  ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1) i ON true
    WHERE c.stage = 'in_use' AND (NOT i.passed OR i.expires_on IS NULL OR i.expires_on < ${at.day})
    ORDER BY c.id`.execute(db)
  let raised = 0
  await inTransaction(db, async (trx) => {
    for (const r of rows) {
      const why = r.passed ? `检验有效期已于 ${r.expires_on} 届满` : '最近一次检验不合格'
      const id = await raiseSystemHazard(trx, {
        siteId: r.site_id, raisedBy: 'crane', sourceRef: `crane:${r.crane_id}:inspection:${r.event_id}`, severity: 'major', category: CATEGORY,
        description: `起重机械 ${r.record_no} ${why},仍在使用`, deadline: r.deadline,
      }, at)
      if (id !== null) raised++
    }
  })
  return { raised }
}
