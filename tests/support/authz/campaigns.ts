import { sql } from 'kysely'
import { adminOnly, type Endpoint, type MatrixWorld, READ, type Statuses } from '../authz-matrix.ts'
import { addDays, beijingDay } from '../../../server/domain/time.ts'

/*
 * The campaigns' rows of the matrix. A campaign is read by whoever reads a district it covers: one of the demo grid
 * supervisor's district ("own") reads like the own place, one of another district like the far place. Creating
 * and changing one is the admin's, or a district station's for its own district; the patrol account has none of it.
 */

let made = 0
const day = (n: number) => beijingDay(addDays(new Date(), n))
type Where = 'own' | 'far'

/** A running campaign of the zone's district with the zone's site as its one target. */
const campaigns: Partial<Record<Where, number>> = {}
const campaignIn = async (world: () => MatrixWorld, where: Where) => campaigns[where] ??= await (async () => {
  const place = world().places[where]
  const { rows } = await sql<{ id: number }>`INSERT INTO campaigns (name, kind, starts_on, ends_on, scope_kind, district_ids, checklist)
    VALUES (${`矩阵专项${where}`}, 'comprehensive', current_date - 5, current_date + 20, 'districts', ARRAY[${place.districtId}]::int[],
      '[{"key":"a","label":"甲","points":60},{"key":"b","label":"乙","points":40}]'::jsonb) RETURNING id`.execute(world().database.db)
  await sql`INSERT INTO campaign_targets (campaign_id, site_id, source) VALUES (${rows[0].id}, ${place.siteId}, 'listed')`.execute(world().database.db)
  return rows[0].id
})()

const newCampaign = (world: () => MatrixWorld, where: Where) => JSON.stringify({
  name: `矩阵新专项${++made}`, kind: 'dust_covert', startsOn: day(0), endsOn: day(10),
  scope: { kind: 'districts', districtIds: [world().places[where].districtId] }, sampling: { seed: made, count: 2 },
})

/** Admin, or the district station of the campaign's own district. */
const MANAGE_OWN = (ok: number): Statuses => [ok, 403, 403, ok, 403, 403, 401, 401]
const MANAGE_FAR = (ok: number): Statuses => [ok, 403, 403, 404, 403, 403, 401, 401]

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/campaigns', path: () => '/api/campaigns?status=running', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).map((zone): Endpoint => (
    { label: `GET /api/campaigns/site/:id (${zone})`, path: () => `/api/campaigns/site/${world().places[zone].siteId}`, expected: READ[zone] })),
  ...(['own', 'far'] as const).flatMap((where): Endpoint[] => [
    { label: `GET /api/campaigns/:id (${where})`, path: async () => `/api/campaigns/${await campaignIn(world, where)}`, expected: READ[where] },
    { label: `GET /api/campaigns/:id/progress (${where})`, path: async () => `/api/campaigns/${await campaignIn(world, where)}/progress`, expected: READ[where] },
    { label: `GET /api/campaigns/:id/progress/export (${where})`, path: async () => `/api/campaigns/${await campaignIn(world, where)}/progress/export?format=xlsx`, expected: READ[where] },
    { label: `GET /api/campaigns/:id/sites (${where})`, path: async () => `/api/campaigns/${await campaignIn(world, where)}/sites`, expected: READ[where] },
    { label: `POST /api/campaigns (${where})`, method: 'POST', path: () => '/api/campaigns', body: () => newCampaign(world, where), expected: where === 'own' ? MANAGE_OWN(201) : adminOnly(201) },
    {
      label: `PATCH /api/campaigns/:id (${where})`, method: 'PATCH', path: async () => `/api/campaigns/${await campaignIn(world, where)}`,
      body: () => JSON.stringify({ name: `矩阵改名${++made}` }), expected: where === 'own' ? MANAGE_OWN(200) : MANAGE_FAR(200),
    },
  ]),
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = [
  '(SELECT count(*) FROM campaigns)', '(SELECT count(*) FROM campaign_targets)', `(SELECT md5(string_agg(name || ends_on, ',' ORDER BY id)) FROM campaigns)`,
]
