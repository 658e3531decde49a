import { sql } from 'kysely'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { campaignEndpoints, campaignWrittenSql } from '../support/authz-campaigns.ts'
import { checkCell, createMatrixWorld, matrixRows, type MatrixWorld } from '../support/authz-matrix.ts'

/* The authorization matrix (tests/support/authz-matrix.ts) for campaigns, complaints, patrols and accountability. */

let world: MatrixWorld
beforeAll(async () => { world = await createMatrixWorld() })
afterAll(() => world?.database.dispose())

/** What a refused request must leave as it was: the features' own counts, and the hazards and audit they feed. */
const written = async () => (await sql<{ f: string }>`SELECT concat_ws(',', (SELECT count(*) FROM hazards), (SELECT count(*) FROM hazard_events),
  (SELECT count(*) FROM inspections), (SELECT count(*) FROM audit_log), ${sql.raw(campaignWrittenSql())}) AS f`.execute(world.database.db)).rows[0].f

describe('authorization matrix: campaigns, complaints and accountability', () => {
  it.each(matrixRows(campaignEndpoints(() => world)))('%s: %s → %i', (who, _label, _status, endpoint) => checkCell(world, who, endpoint, written))
})
