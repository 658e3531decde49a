import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { Config } from '../../config.ts'
import { setPassword } from './auth.repo.ts'
import { createPasswordCheck } from './password-check.ts'
import { generatePassword, hashPassword } from './passwords.ts'

export interface DemoAccount { username: string; role: string; displayName: string; password: string }

/**
 * Gives the first accounts passwords on a portal's first start (when no account has one yet). In production
 * only the admin gets one, from ADMIN_PASSWORD, and starting without it fails: no built-in password works there.
 * Elsewhere one account of each role becomes a demo account, with DEMO_PASSWORD or a random password that the
 * caller prints once; the grid supervisor is the one with the busiest grids, so the demo has something to show.
 */
export async function provisionAccounts(db: Kysely<DB>, config: Pick<Config, 'NODE_ENV' | 'DEMO_PASSWORD' | 'ADMIN_PASSWORD'>): Promise<DemoAccount[]> {
  const provisioned = await db.selectFrom('users').select('id').where('password_hash', 'is not', null).limit(1).executeTakeFirst()
  if (provisioned) return []
  if (config.NODE_ENV === 'production') {
    if (!config.ADMIN_PASSWORD) throw new Error('first start in production: set ADMIN_PASSWORD for the admin account')
    const admin = await db.selectFrom('users').select(['id', 'username']).where('role', '=', 'admin').orderBy('id').executeTakeFirstOrThrow()
    // The one password that reaches the database without going through a form: held to the same policy.
    createPasswordCheck()(config.ADMIN_PASSWORD, admin.username, 'ADMIN_PASSWORD')
    await setPassword(db, admin.id, await hashPassword(config.ADMIN_PASSWORD))
    return []
  }
  const accounts = await demoUsers(db)
  return Promise.all(accounts.map(async (user) => {
    const password = config.DEMO_PASSWORD ?? generatePassword()
    await setPassword(db, user.id, await hashPassword(password))
    return { username: user.username, role: user.role, displayName: user.display_name, password }
  }))
}

/** The first admin, command, planner, auditor and patrol account, the busiest grid supervisor, and their district's supervisor. */
async function demoUsers(db: Kysely<DB>) {
  const first = (role: string) => db.selectFrom('users').select(['id', 'username', 'role', 'display_name', 'district_id'])
    .where('role', '=', role).orderBy('id').limit(1)
  const gridSupervisor = await db.selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.role', 'u.display_name', 'u.district_id'])
    .where('u.role', '=', 'grid_supervisor')
    // The demo grid supervisor has work: the most sites under way, then the most sites.
    .orderBy(sql`(SELECT count(*) FROM grid_supervisors gs JOIN sites s ON s.grid_id = gs.grid_id WHERE gs.user_id = u.id AND s.stage <> 'completed')`, 'desc')
    .orderBy(sql`(SELECT count(*) FROM grid_supervisors gs JOIN sites s ON s.grid_id = gs.grid_id WHERE gs.user_id = u.id)`, 'desc')
    .orderBy('u.id').limit(1).executeTakeFirst()
  const districtSupervisor = gridSupervisor && await first('district_supervisor').where('district_id', '=', gridSupervisor.district_id).executeTakeFirst()
  const others = await Promise.all(['admin', 'city_command', 'planner', 'auditor', 'patrol'].map((role) => first(role).executeTakeFirst()))
  return [...others, districtSupervisor, gridSupervisor].filter((u) => u !== undefined)
}
