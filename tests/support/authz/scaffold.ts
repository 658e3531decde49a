import { sql } from 'kysely'
import { addDays, beijingDay } from '../../../server/domain/time.ts'
import { type Endpoint, type MatrixWorld, READ, write, type Zone, ZONES } from '../authz-matrix.ts'

/* 盘扣抽查抽测: samplings are read in zone and recorded by field roles; the ranking, labs and exports are read by all with a zone. */

let lab: number | undefined
const samplingAt: Partial<Record<Zone, number>> = {}
const results = [{ property: 'yield_strength', values: [380, 390, 400] }, { property: 'wall_thickness', values: [3.2, 3.2, 3.2] }]

/** A lab qualified for building components, made once for the matrix. */
async function labOf(world: MatrixWorld): Promise<number> {
  if (lab) return lab
  const db = world.database.db
  const { id } = await db.insertInto('enterprises').values({ name: '矩阵构配件检测有限公司', credit_code: '91320500MA1XR0101X', kinds: ['testing'], origin: 'local', registered_place: '江苏省苏州市' })
    .returning('id').executeTakeFirstOrThrow()
  await db.insertInto('enterprise_qualifications').values({ enterprise_id: id, category: '建设工程质量检测机构资质（专项类）', grade: '不分等级', certificate_no: 'QMATRIX01', scope: '建筑材料及构配件', valid_until: '2099-12-31' }).execute()
  return (lab = id)
}

async function samplingIn(world: MatrixWorld, zone: Zone): Promise<number> {
  if (samplingAt[zone]) return samplingAt[zone]
  const { rows } = await sql<{ id: number }>`INSERT INTO scaffold_samplings (site_id, sampled_on, component, batch_no, manufacturer_name, sample_count, lab_id, results, verdict, failed_samples)
    VALUES (${world.places[zone].siteId}, current_date - 5, 'standard', ${`MATRIX-${zone}`}, '矩阵架业有限公司', 3, ${await labOf(world)}, ${JSON.stringify(results)}::text::jsonb, 'pass', 0)
    RETURNING id`.execute(world.database.db)
  return (samplingAt[zone] = rows[0].id)
}

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/scaffold/samplings', path: () => '/api/scaffold/samplings?verdict=fail&component=standard', expected: READ.own },
  { label: 'GET /api/scaffold/samplings/export', path: () => '/api/scaffold/samplings/export?format=csv', expected: READ.own },
  { label: 'GET /api/scaffold/manufacturers', path: () => '/api/scaffold/manufacturers?limit=10', expected: READ.own },
  { label: 'GET /api/scaffold/manufacturers/export', path: () => '/api/scaffold/manufacturers/export?format=xlsx', expected: READ.own },
  { label: 'GET /api/scaffold/labs', path: () => '/api/scaffold/labs', expected: READ.own },
  ...ZONES.flatMap((zone): Endpoint[] => [
    { label: `GET /api/scaffold/samplings/:id (${zone})`, path: async () => `/api/scaffold/samplings/${await samplingIn(world(), zone)}`, expected: READ[zone] },
    {
      label: `POST /api/scaffold/samplings (${zone})`, method: 'POST', expected: write(201)[zone],
      path: async () => { await labOf(world()); return '/api/scaffold/samplings' },
      body: () => JSON.stringify({
        siteId: world().places[zone].siteId, sampledOn: beijingDay(addDays(new Date(), -1)), component: 'standard', batchNo: `MATRIX-NEW-${zone}`,
        manufacturerName: '矩阵架业有限公司', sampleCount: 3, labId: lab, results,
      }),
    },
  ]),
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = ['(SELECT count(*) FROM scaffold_samplings)']
