import { sql } from 'kysely'
import { addDays, beijingDay } from '../../../server/domain/time.ts'
import { type Endpoint, type MatrixWorld, READ, type Statuses, write, type Zone, ZONES } from '../authz-matrix.ts'

/*
 * 投诉: read by everyone with a zone; recorded by hand by the dispatcher (city_command) and admins; the site confirmed
 * (and so dispatched) by the dispatcher and the field roles in their zone; closed and night-work permits recorded by
 * the field roles in their zone.
 */

let made = 0
const RECORD: Statuses = [201, 201, 403, 403, 403, 403, 401, 401]
const MATCH: Record<Zone, Statuses> = {
  own: [200, 200, 403, 200, 200, 403, 401, 401], neighbour: [200, 200, 403, 200, 404, 403, 401, 401], far: [200, 200, 403, 404, 404, 403, 401, 401],
}

/** A complaint on the place's site, dispatched (closing consumes it, so a fresh one each time it is asked for). */
async function complaintAt(world: MatrixWorld, zone: Zone): Promise<number> {
  const place = world.places[zone]
  const { rows } = await sql<{ id: number }>`
    INSERT INTO complaints (channel, ticket_no, received_at, category, content, site_id, match_method, match_confidence, district_id, status, dispatched_at, respond_by)
    VALUES ('12345', ${`MATRIX-${zone}-${++made}`}, now() - interval '2 hours', 'dust', '矩阵测试投诉', ${place.siteId}, 'coordinates', 0.9, ${place.districtId},
      'dispatched', now() - interval '1 hour', now() + interval '22 hours')
    RETURNING id`.execute(world.database.db)
  return rows[0].id
}

const kept: Partial<Record<Zone, number>> = {}
const complaintIn = async (world: MatrixWorld, zone: Zone) => (kept[zone] ??= await complaintAt(world, zone))

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  {
    label: 'POST /api/complaints', method: 'POST', expected: RECORD, path: () => '/api/complaints',
    body: () => JSON.stringify({ ticketNo: `MATRIX-IN-${++made}`, receivedAt: new Date(Date.now() - 3_600_000).toISOString(), category: 'noise_night', content: '夜间施工扰民', complainantPhone: '13800000000' }),
  },
  { label: 'GET /api/complaints', path: () => '/api/complaints?status=dispatched&limit=5', expected: READ.own },
  { label: 'GET /api/complaints/export', path: () => '/api/complaints/export?format=csv&category=dust', expected: READ.own },
  { label: 'GET /api/complaints/analysis', path: () => '/api/complaints/analysis', expected: READ.own },
  { label: 'GET /api/complaints/analysis/export', path: () => '/api/complaints/analysis/export', expected: READ.own },
  { label: 'GET /api/complaints/night-work-permits', path: () => '/api/complaints/night-work-permits?current=true', expected: READ.own },
  ...ZONES.flatMap((zone): Endpoint[] => [
    { label: `GET /api/complaints/:id (${zone})`, path: async () => `/api/complaints/${await complaintIn(world(), zone)}`, expected: READ[zone] },
    {
      label: `POST /api/complaints/:id/match (${zone})`, method: 'POST', expected: MATCH[zone],
      path: async () => `/api/complaints/${await complaintIn(world(), zone)}/match`, body: () => JSON.stringify({ siteId: world().places[zone].siteId }),
    },
    {
      label: `POST /api/complaints/:id/close (${zone})`, method: 'POST', expected: write(200)[zone],
      path: async () => `/api/complaints/${await complaintAt(world(), zone)}/close`, body: () => JSON.stringify({ reply: '已核查', founded: false }),
    },
    {
      label: `POST /api/complaints/night-work-permits (${zone})`, method: 'POST', expected: write(201)[zone], path: () => '/api/complaints/night-work-permits',
      body: () => JSON.stringify({ siteId: world().places[zone].siteId, permitNo: `MATRIX-YJ-${++made}`, validFrom: beijingDay(new Date()),
        validTo: beijingDay(addDays(new Date(), 10)), startsAt: '22:00', endsAt: '06:00' }),
    },
  ]),
]
/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = [
  '(SELECT count(*) FROM complaints)', "(SELECT count(*) FROM complaints WHERE status = 'closed')", '(SELECT count(*) FROM complaints WHERE match_confirmed_at IS NOT NULL)',
  '(SELECT count(*) FROM night_work_permits)',
]
