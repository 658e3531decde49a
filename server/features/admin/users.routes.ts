import { createRoute, z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import { missingIds } from '../../../db/lookups.ts'
import type { DB } from '../../../db/types.ts'
import type { AppDeps } from '../../deps.ts'
import { ROLES } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { Ended, SessionIdParam, SessionSchema } from '../auth/account.routes.ts'
import { deleteUserSessions, setPassword } from '../auth/auth.repo.ts'
import { createPasswordCheck } from '../auth/password-check.ts'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import * as sessions from '../auth/sessions.repo.ts'
import * as repo from './users.repo.ts'
import { requestClient } from '../../http/client.ts'

const AdminUser = z.object({
  id: z.number(), username: z.string(), displayName: z.string(), role: z.string(), districtId: z.number().nullable(),
  districtName: z.string().nullable(), phone: z.string().nullable(), active: z.boolean(), hasPassword: z.boolean(), createdAt: z.string(),
  grids: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })), patrolContractId: z.number().nullable(),
}).openapi('AdminUser')
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

const Password = z.string().min(MIN_PASSWORD_LENGTH).max(200)
const Fields = z.object({
  displayName: PlainText(60).pipe(z.string().min(1)),
  role: z.enum(ROLES),
  districtId: z.number().int().positive().max(999_999_999).nullable(),
  phone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'digits, spaces, + and - only').nullable(),
  active: z.boolean(),
  patrolContractId: z.number().int().positive().max(999_999_999).nullable().openapi({ description: 'the contract a patrol account (第三方巡查员) works under' }),
})
const districtNeeded = (f: { role?: string; districtId?: number | null }) => f.role !== 'district_supervisor' || typeof f.districtId === 'number'
// A patrol account has a contract, which scopes it, and no other account has one (as the users table's CHECK says).
const contractMatchesRole = (f: { role?: string; patrolContractId?: number | null }) => (f.role === 'patrol') === (typeof f.patrolContractId === 'number')
const CONTRACT_RULE = 'a patrol account needs a patrol contract, and only a patrol account has one'
const NewUser = Fields.omit({ active: true }).partial({ phone: true, districtId: true, patrolContractId: true }).extend({
  username: z.string().trim().toLowerCase().regex(/^[a-z0-9_.-]{3,40}$/, '3–40 of a–z, 0–9, _ . -'), password: Password,
}).refine(districtNeeded, { path: ['districtId'], message: 'a district supervisor needs a district' })
  .refine(contractMatchesRole, { path: ['patrolContractId'], message: CONTRACT_RULE })

const list = createRoute({
  method: 'get', path: '/', tags: ['admin'], summary: 'Accounts, with their grids',
  request: { query: z.object({ role: z.enum(ROLES).optional(), q: z.string().trim().min(1).max(40).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed').optional() }) },
  responses: { 200: jsonResponse('Users', z.array(AdminUser)), ...errors },
})
const create = createRoute({ method: 'post', path: '/', tags: ['admin'], summary: 'Create an account', request: json(NewUser), responses: { 201: jsonResponse('Created', AdminUser), ...errors } })
const update = createRoute({
  method: 'patch', path: '/{id}', tags: ['admin'], summary: 'Change an account\'s name, role, district, phone or whether it is active',
  request: { params: IdParam, ...json(Fields.partial().refine((f) => Object.keys(f).length > 0, 'nothing to change')) },
  responses: { 200: jsonResponse('Updated', AdminUser), ...errors },
})
const assignGrids = createRoute({
  method: 'put', path: '/{id}/grids', tags: ['admin'], summary: 'Set the grids a grid supervisor looks after',
  request: { params: IdParam, ...json(z.object({ gridIds: z.array(z.number().int().positive().max(999_999_999)).max(200).refine((ids) => new Set(ids).size === ids.length, 'no duplicates') })) },
  responses: { 200: jsonResponse('Updated', AdminUser), ...errors },
})
const resetPassword = createRoute({
  method: 'post', path: '/{id}/password', tags: ['admin'], summary: 'Set an account\'s password (400 weak_password with the policy\'s reasons); its sessions end',
  request: { params: IdParam, ...json(z.object({ password: Password })) }, responses: { 204: { description: 'Set' }, ...errors },
})
const listSessions = createRoute({
  method: 'get', path: '/{id}/sessions', tags: ['admin'], summary: 'An account\'s live sessions, newest first',
  request: { params: IdParam }, responses: { 200: jsonResponse('Sessions', z.array(SessionSchema)), ...errors },
})
const endSessions = createRoute({
  method: 'delete', path: '/{id}/sessions', tags: ['admin'], summary: 'End all of an account\'s sessions',
  request: { params: IdParam }, responses: { 200: jsonResponse('How many ended', Ended), ...errors },
})
const endSession = createRoute({
  method: 'delete', path: '/{id}/sessions/{sessionId}', tags: ['admin'], summary: 'End one of an account\'s sessions',
  request: { params: IdParam.extend(SessionIdParam.shape) }, responses: { 204: { description: 'Ended' }, ...errors },
})

async function mustFind(db: Kysely<DB>, id: number) {
  const user = await repo.findUser(db, id)
  if (!user) throw new AppError(404, 'not_found', `no user with id ${id}`)
  return user
}

async function assertExist(db: Kysely<DB>, table: 'grids' | 'districts' | 'patrol_contracts', ids: number[]) {
  const missing = await missingIds(db, table, ids)
  if (missing.length) throw new AppError(400, 'unknown_reference', `no ${table.slice(0, -1)} with id ${missing.join(', ')}`, { [table]: missing })
}

export function userRoutes({ db, config }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  const checkPassword = createPasswordCheck()
  router.use('*', requireRole('admin'))
  return router
    .openapi(list, async (c) => c.json(await repo.listUsers(db, c.req.valid('query')), 200))
    .openapi(create, async (c) => {
      const { password, ...fields } = c.req.valid('json')
      if (await repo.usernameTaken(db, fields.username)) throw new AppError(409, 'username_taken', `username ${fields.username} is taken`)
      if (fields.districtId) await assertExist(db, 'districts', [fields.districtId])
      if (fields.patrolContractId) await assertExist(db, 'patrol_contracts', [fields.patrolContractId])
      checkPassword(password, fields.username)
      const passwordHash = await hashPassword(password)
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertUser(trx, { ...fields, districtId: fields.districtId ?? null, phone: fields.phone ?? null, patrolContractId: fields.patrolContractId ?? null, passwordHash })
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'create', entity: 'user', entityId: id, after: fields })
        return id
      })
      return c.json(await mustFind(db, id), 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const json = c.req.valid('json')
      const before = await mustFind(db, id)
      // Leaving the patrol role drops the contract; anything else keeps the one the account has unless a new one is given.
      const role = json.role ?? before.role
      const fields = { ...json, patrolContractId: json.patrolContractId !== undefined ? json.patrolContractId : role === 'patrol' ? before.patrolContractId : null }
      if (!contractMatchesRole({ role, patrolContractId: fields.patrolContractId })) throw new AppError(400, 'invalid_request', CONTRACT_RULE)
      if (fields.patrolContractId) await assertExist(db, 'patrol_contracts', [fields.patrolContractId])
      if (!districtNeeded({ role: fields.role ?? before.role, districtId: fields.districtId === undefined ? before.districtId : fields.districtId })) {
        throw new AppError(400, 'invalid_request', 'a district supervisor needs a district')
      }
      if (id === c.get('principal').userId && (fields.active === false || (fields.role && fields.role !== 'admin'))) {
        throw new AppError(400, 'cannot_demote_self', 'an admin cannot deactivate or demote their own account')
      }
      if (fields.districtId) await assertExist(db, 'districts', [fields.districtId])
      await db.transaction().execute(async (trx) => {
        await repo.updateUser(trx, id, fields)
        if (fields.active === false) await deleteUserSessions(trx, id)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'update', entity: 'user', entityId: id, before, after: fields })
      })
      return c.json(await mustFind(db, id), 200)
    })
    .openapi(assignGrids, async (c) => {
      const { id } = c.req.valid('param')
      const { gridIds } = c.req.valid('json')
      const before = await mustFind(db, id)
      if (before.role !== 'grid_supervisor') throw new AppError(400, 'not_a_grid_supervisor', 'only grid supervisors are assigned grids')
      await assertExist(db, 'grids', gridIds)
      await db.transaction().execute(async (trx) => {
        await repo.replaceGrids(trx, id, gridIds)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'assign_grids', entity: 'user', entityId: id, before: before.grids.map((g) => g.id), after: gridIds })
      })
      return c.json(await mustFind(db, id), 200)
    })
    .openapi(resetPassword, async (c) => {
      const { id } = c.req.valid('param')
      const { password } = c.req.valid('json')
      checkPassword(password, (await mustFind(db, id)).username)
      const hash = await hashPassword(password)
      await db.transaction().execute(async (trx) => {
        await setPassword(trx, id, hash)
        await deleteUserSessions(trx, id)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'set_password', entity: 'user', entityId: id })
      })
      return c.body(null, 204)
    })
    .openapi(listSessions, async (c) => {
      const { id } = c.req.valid('param')
      await mustFind(db, id)
      return c.json(await sessions.listSessions(db, id, config.SESSION_IDLE_MINUTES, null), 200)
    })
    .openapi(endSessions, async (c) => {
      const { id } = c.req.valid('param')
      await mustFind(db, id)
      const ended = await db.transaction().execute(async (trx) => {
        const ended = await sessions.endSessions(trx, id, null)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'end_sessions', entity: 'user', entityId: id, after: { ended } })
        return ended
      })
      return c.json({ ended }, 200)
    })
    .openapi(endSession, async (c) => {
      const { id, sessionId } = c.req.valid('param')
      await mustFind(db, id)
      await db.transaction().execute(async (trx) => {
        const ended = await sessions.endSession(trx, id, sessionId)
        if (!ended) throw new AppError(404, 'not_found', `user ${id} has no session ${sessionId}`)
        const { tokenSha256: _, ...what } = ended
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'end_session', entity: 'session', entityId: sessionId, before: { userId: id, ...what } })
      })
      return c.body(null, 204)
    })
}
