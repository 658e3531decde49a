import { type Kysely, sql } from 'kysely'
import { insertMany } from '../bulk.ts'
import { personName } from './names.ts'
import type { Rng } from './random.ts'
import type { PlacedDistrict } from './sites.ts'

/**
 * The supervisors behind "属地负责、网格监管": one per district, and grid supervisors who each look after one or
 * two neighbouring grids of a township (some grids have a second). Accounts get credentials elsewhere.
 */
export async function insertPeople(db: Kysely<any>, rng: Rng, districts: PlacedDistrict[]): Promise<void> {
  await insertMany(db, 'users', [
    { username: 'admin', display_name: '系统管理员', role: 'admin', district_id: null },
    { username: 'command', display_name: '市指挥中心值班', role: 'city_command', district_id: null },
    { username: 'planner', display_name: '市扬尘办规划员', role: 'planner', district_id: null },
    { username: 'auditor', display_name: '安全审计员', role: 'auditor', district_id: null },
    ...districts.map((d) => ({ username: `district.${d.adcode}`, display_name: `${d.shortName}监督站·${personName(rng)}`, role: 'district_supervisor', district_id: d.id })),
  ])
  const grids = await db.selectFrom('grids').select(['id', 'code', 'township_id', 'district_id']).orderBy('code').execute()
  const supervisors: { username: string; display_name: string; role: string; district_id: number }[] = []
  const assignments: { username: string; grid_id: number }[] = []
  const addSupervisor = (username: string, districtId: number) =>
    supervisors.push({ username: username.toLowerCase(), display_name: personName(rng), role: 'grid_supervisor', district_id: districtId })
  let current = ''
  let load = 0
  let township = -1
  for (const grid of grids) {
    if (grid.township_id !== township || load >= 2 || rng.chance(0.5)) {
      addSupervisor(`grid.${grid.code}`, grid.district_id)
      ;[current, load, township] = [supervisors.at(-1)!.username, 0, grid.township_id]
    }
    load += 1
    assignments.push({ username: current, grid_id: grid.id })
    if (rng.chance(0.1)) {
      addSupervisor(`grid.${grid.code}.b`, grid.district_id)
      assignments.push({ username: supervisors.at(-1)!.username, grid_id: grid.id })
    }
  }
  await insertMany(db, 'users', supervisors)
  const ids = new Map((await db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]))
  await insertMany(db, 'grid_supervisors', assignments.map((a) => ({ grid_id: a.grid_id, user_id: ids.get(a.username) })))
  // Inspections and hazard steps were generated before people existed: credit them to the site's grid supervisor.
  await sql`UPDATE inspections i SET inspector_id = (SELECT min(gs.user_id) FROM sites s JOIN grid_supervisors gs ON gs.grid_id = s.grid_id WHERE s.id = i.site_id)`.execute(db)
  await sql`UPDATE hazard_events e SET user_id = (SELECT min(gs.user_id) FROM hazards h JOIN sites s ON s.id = h.site_id JOIN grid_supervisors gs ON gs.grid_id = s.grid_id WHERE h.id = e.hazard_id)
            WHERE e.to_status IN ('open', 'closed')`.execute(db)
}
