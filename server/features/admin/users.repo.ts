import { type Kysely, sql } from 'kysely'
import { beijingIso, escapeLike } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

export interface UserFields { displayName?: string; role?: string; districtId?: number | null; phone?: string | null; active?: boolean; patrolContractId?: number | null }

/** An account as admins see it: never its hash, but whether it has a password and which grids it looks after. */
export function listUsers(db: Kysely<DB>, filter: { role?: string; q?: string; id?: number } = {}) {
  let query = db.selectFrom('users as u').leftJoin('districts as d', 'd.id', 'u.district_id')
    .select(['u.id', 'u.username', 'u.display_name as displayName', 'u.role', 'u.district_id as districtId', 'd.name as districtName',
      'u.phone', 'u.active', sql<boolean>`u.password_hash IS NOT NULL`.as('hasPassword'), beijingIso(sql`u.created_at`).as('createdAt'),
      sql<{ id: number; code: string; name: string }[]>`coalesce((SELECT json_agg(json_build_object('id', g.id, 'code', g.code, 'name', g.name) ORDER BY g.code)
        FROM grid_supervisors gs JOIN grids g ON g.id = gs.grid_id WHERE gs.user_id = u.id), '[]'::json)`.as('grids'), 'u.patrol_contract_id as patrolContractId'])
    .orderBy('u.id').limit(2_000)
  if (filter.id) query = query.where('u.id', '=', filter.id)
  if (filter.role) query = query.where('u.role', '=', filter.role)
  if (filter.q) {
    const pattern = `%${escapeLike(filter.q)}%`
    query = query.where((eb) => eb.or([eb('u.username', 'ilike', pattern), eb('u.display_name', 'ilike', pattern)]))
  }
  return query.execute()
}

export async function findUser(db: Kysely<DB>, id: number) {
  return (await listUsers(db, { id }))[0]
}

export async function insertUser(db: Kysely<DB>, user: { username: string; passwordHash: string } & Required<Omit<UserFields, 'active'>>) {
  const row = await db.insertInto('users').values({
    username: user.username, display_name: user.displayName, role: user.role, district_id: user.districtId, phone: user.phone,
    password_hash: user.passwordHash, password_changed_at: sql`now()`, patrol_contract_id: user.patrolContractId,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateUser(db: Kysely<DB>, id: number, fields: UserFields) {
  const { displayName, role, districtId, phone, active, patrolContractId } = fields
  await db.updateTable('users').set({ display_name: displayName, role, district_id: districtId, phone, active, patrol_contract_id: patrolContractId }).where('id', '=', id).execute()
}

export async function replaceGrids(db: Kysely<DB>, userId: number, gridIds: number[]) {
  await db.deleteFrom('grid_supervisors').where('user_id', '=', userId).execute()
  if (gridIds.length) await db.insertInto('grid_supervisors').values(gridIds.map((grid_id) => ({ grid_id, user_id: userId }))).execute()
}

export async function usernameTaken(db: Kysely<DB>, username: string) {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !== undefined
}
