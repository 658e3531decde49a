import { sql } from 'kysely'
import { jsonb } from '../../../db/sql.ts'
import { type Endpoint, type MatrixWorld, READ, write, type Zone } from '../authz-matrix.ts'

/*
 * The chemicals campaign's rows of the matrix: everyone with a zone reads its chemicals, surveys and dangers; the
 * field roles record them on the sites of their zone (a site out of it is not found); the patrol account has none
 * of it.
 */

let made = 0
const db = (world: () => MatrixWorld) => world().database.db

/** A point inside the zone's site footprint, where its chemicals are stored. */
const points: Partial<Record<Zone, { lon: number; lat: number }>> = {}
const storageAt = async (world: () => MatrixWorld, zone: Zone) => points[zone] ??= (await sql<{ lon: number; lat: number }>`
  SELECT ST_X(ST_PointOnSurface(footprint)) AS lon, ST_Y(ST_PointOnSurface(footprint)) AS lat FROM sites WHERE id = ${world().places[zone].siteId}`
  .execute(db(world))).rows[0]

/** A chemical on the zone's site, fresh each call (a removal consumes one). */
const freshChemical = async (world: () => MatrixWorld, zone: Zone) => {
  const { lon, lat } = await storageAt(world, zone)
  return (await sql<{ id: number }>`INSERT INTO site_chemicals (site_id, name, cas_no, un_no, hazard_class, max_quantity, unit, storage_location, responsible_name)
    VALUES (${world().places[zone].siteId}, ${`矩阵柴油${++made}`}, '68334-30-5', '1202', '3', 2, 't', ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326), '矩阵施工单位')
    RETURNING id`.execute(db(world))).rows[0].id
}
const chemicals: Partial<Record<Zone, number>> = {}
const chemicalAt = async (world: () => MatrixWorld, zone: Zone) => chemicals[zone] ??= await freshChemical(world, zone)

const surveys: Partial<Record<Zone, number>> = {}
const surveyAt = async (world: () => MatrixWorld, zone: Zone) => surveys[zone] ??= (await sql<{ id: number }>`
  INSERT INTO chemical_surveys (site_id, surveyed_at, risks) VALUES (${world().places[zone].siteId}, now() - interval '1 day',
    ${jsonb([{ chemicalId: await chemicalAt(world, zone), risk: 'fire', level: 'low', measure: '矩阵措施' }])}) RETURNING id`.execute(db(world))).rows[0].id

const newChemical = async (world: () => MatrixWorld, zone: Zone) => JSON.stringify({
  siteId: world().places[zone].siteId, name: '乙炔', casNo: '74-86-2', unNo: '1001', hazardClass: '2.1', maxQuantity: 30, unit: 'kg',
  storageLocation: await storageAt(world, zone), responsibleName: '矩阵施工单位',
})
const bodies: Partial<Record<Zone, string>> = {}

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/chemicals/inventory', path: () => '/api/chemicals/inventory?hazardClass=3', expected: READ.own },
  { label: 'GET /api/chemicals/inventory/export', path: () => '/api/chemicals/inventory/export?format=csv', expected: READ.own },
  { label: 'GET /api/chemicals/surveys', path: () => '/api/chemicals/surveys?limit=10', expected: READ.own },
  { label: 'GET /api/chemicals/dangers', path: () => '/api/chemicals/dangers?status=all', expected: READ.own },
  { label: 'GET /api/chemicals/dangers/export', path: () => '/api/chemicals/dangers/export?format=xlsx', expected: READ.own },
  { label: 'GET /api/chemicals/map', path: () => '/api/chemicals/map?radiusM=800', expected: READ.own },
  { label: 'GET /api/chemicals/kpis', path: () => '/api/chemicals/kpis', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/chemicals/inventory/:id (${zone})`, path: async () => `/api/chemicals/inventory/${await chemicalAt(world, zone)}`, expected: READ[zone] },
    { label: `GET /api/chemicals/surveys/:id (${zone})`, path: async () => `/api/chemicals/surveys/${await surveyAt(world, zone)}`, expected: READ[zone] },
    {
      label: `POST /api/chemicals/inventory (${zone})`, method: 'POST', expected: write(201)[zone],
      path: async () => { bodies[zone] = await newChemical(world, zone); return '/api/chemicals/inventory' }, body: () => bodies[zone]!,
    },
    {
      label: `PATCH /api/chemicals/inventory/:id (${zone})`, method: 'PATCH', expected: write(200)[zone],
      path: async () => `/api/chemicals/inventory/${await chemicalAt(world, zone)}`, body: () => JSON.stringify({ maxQuantity: 3 + (++made % 50) }),
    },
    { label: `DELETE /api/chemicals/inventory/:id (${zone})`, method: 'DELETE', expected: write(200)[zone], path: async () => `/api/chemicals/inventory/${await freshChemical(world, zone)}` },
    {
      label: `POST /api/chemicals/surveys (${zone})`, method: 'POST', expected: write(201)[zone],
      path: async () => { await chemicalAt(world, zone); return '/api/chemicals/surveys' },
      body: () => JSON.stringify({
        siteId: world().places[zone].siteId, surveyedAt: new Date(Date.now() - 3_600_000).toISOString(),
        risks: [{ chemicalId: chemicals[zone], risk: 'leak', level: 'moderate', measure: '设置围堰', danger: '矩阵隐患：未设围堰' }],
      }),
    },
  ]),
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = [
  '(SELECT count(*) FROM site_chemicals)', '(SELECT count(*) FROM site_chemicals WHERE removed_on IS NOT NULL)',
  '(SELECT sum(max_quantity) FROM site_chemicals)', '(SELECT count(*) FROM chemical_surveys)',
]
