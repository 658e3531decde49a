import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { recordFailedCode, refuseWhileThrottled } from './credentials.ts'
import { verifyPassword } from './passwords.ts'
import { requireSession, type SessionEnv } from './session.ts'
import { acceptedStep, mayDisable, newRecoveryCodes, newTotpSecret, openSecret, otpauthUri, qrDataUrl, recoveryCodeHash, sealSecret } from './totp.ts'
import { spendCode } from './totp.factor.ts'
import * as repo from './totp.repo.ts'
import { requestClient } from '../../http/client.ts'

/*
 * Two-factor enrolment for the signed-in user (mounted under /api/auth/totp, behind the session). The secret is
 * shown once, at setup, and is pending until a code from it is confirmed; recovery codes are shown once, at
 * confirmation or regeneration, and kept only as hashes. The audit log records each step, never a secret or a code.
 */

const Code = z.string().trim().min(6).max(40).regex(/^[0-9A-Za-z -]+$/, 'digits, or a recovery code')
const Setup = z.object({ uri: z.string(), qr: z.string(), secret: z.string() }).openapi('TotpSetup')
const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) }).openapi('RecoveryCodes')
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Not in the state this step needs'), 429: errorResponse('Too many attempts') }

const setup = createRoute({
  method: 'post', path: '/setup', tags: ['auth'], summary: 'Start two-factor enrolment: a new secret, as an otpauth:// URI and a QR code, pending until confirmed',
  responses: { 200: jsonResponse('The pending secret', Setup), ...errors },
})
const confirm = createRoute({
  method: 'post', path: '/confirm', tags: ['auth'], summary: 'Confirm enrolment with a code from the app; returns 10 recovery codes, shown this once',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ code: z.string().trim().regex(/^\d{6}$/, 'six digits') }) } } } },
  responses: { 200: jsonResponse('Two factors on', RecoveryCodes), ...errors },
})
const disable = createRoute({
  method: 'post', path: '/disable', tags: ['auth'], summary: 'Turn two factors off (password and a code or recovery code); not for admins while the policy requires it',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ password: z.string().min(1).max(200), code: Code }) } } } },
  responses: { 204: { description: 'Two factors off' }, ...errors },
})
const regenerate = createRoute({
  method: 'post', path: '/recovery-codes', tags: ['auth'], summary: 'New recovery codes (the old ones stop working), for a code; shown this once',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ code: Code }) } } } },
  responses: { 200: jsonResponse('New recovery codes', RecoveryCodes), ...errors },
})

export function totpRoutes({ db, config, clock = () => new Date() }: AppDeps) {
  const key = config.TOTP_ENCRYPTION_KEY
  /** A code from a signed-in user, under the sign-in throttle: a wrong one counts as a failed sign-in. */
  const requireCode = async (c: Parameters<typeof refuseWhileThrottled>[0], userId: number, username: string, code: string) => {
    await refuseWhileThrottled(c, db, username)
    if (!(await spendCode(db, key, userId, code, clock()))) {
      await recordFailedCode(c, db, username)
      throw new AppError(400, 'invalid_totp', 'wrong or already used code')
    }
  }
  /** Ten new recovery codes replace any before them; only their hashes are kept. */
  const issueRecoveryCodes = async (trx: typeof db, userId: number) => {
    const codes = newRecoveryCodes()
    await repo.replaceRecoveryCodes(trx, userId, codes.map(recoveryCodeHash))
    return codes
  }

  const router = featureRouter<SessionEnv>()
  router.use('*', requireSession(db, config))
  return router
    .openapi(setup, async (c) => {
      const { userId, username } = c.get('principal')
      const secret = newTotpSecret()
      if (!(await repo.setPendingSecret(db, userId, sealSecret(secret, key)))) {
        throw new AppError(409, 'totp_already_enabled', 'two factors are already on: turn them off first to enrol a new device')
      }
      await writeAudit(db, { userId, ip: requestClient(c).address, action: 'totp_setup', entity: 'user', entityId: userId })
      const uri = otpauthUri(secret, username)
      return c.json({ uri, qr: await qrDataUrl(uri), secret }, 200)
    })
    .openapi(confirm, async (c) => {
      const { userId } = c.get('principal')
      const { secret, enabled } = await repo.totpState(db, userId)
      if (enabled) throw new AppError(409, 'totp_already_enabled', 'two factors are already on')
      if (!secret) throw new AppError(409, 'totp_not_pending', 'start with POST /api/auth/totp/setup')
      const step = acceptedStep(openSecret(secret, key), c.req.valid('json').code, clock())
      const recoveryCodes = step === null ? null : await db.transaction().execute(async (trx) => {
        if (!(await repo.takeStep(trx, userId, step, true))) return null
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'totp_enable', entity: 'user', entityId: userId, after: { recoveryCodes: 10 } })
        return issueRecoveryCodes(trx, userId)
      })
      if (!recoveryCodes) throw new AppError(400, 'invalid_totp', 'wrong code: check the time on your phone, and enter the code now shown')
      return c.json({ recoveryCodes }, 200)
    })
    .openapi(disable, async (c) => {
      const { userId, username, role } = c.get('principal')
      if (!mayDisable(config, role)) throw new AppError(403, 'totp_required_by_policy', 'administrators must sign in with two factors')
      const { password, code } = c.req.valid('json')
      const { enabled, passwordHash } = await repo.totpState(db, userId)
      if (!enabled) throw new AppError(409, 'totp_not_enabled', 'two factors are not on')
      await refuseWhileThrottled(c, db, username)
      if (!passwordHash || !(await verifyPassword(password, passwordHash))) {
        await recordFailedCode(c, db, username)
        throw new AppError(400, 'invalid_credentials', 'the password is wrong')
      }
      await requireCode(c, userId, username, code)
      await db.transaction().execute(async (trx) => {
        await repo.disableTotp(trx, userId)
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'totp_disable', entity: 'user', entityId: userId })
      })
      return c.body(null, 204)
    })
    .openapi(regenerate, async (c) => {
      const { userId, username } = c.get('principal')
      if (!(await repo.totpState(db, userId)).enabled) throw new AppError(409, 'totp_not_enabled', 'two factors are not on')
      await requireCode(c, userId, username, c.req.valid('json').code)
      const recoveryCodes = await db.transaction().execute(async (trx) => {
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'totp_recovery_codes', entity: 'user', entityId: userId, after: { recoveryCodes: 10 } })
        return issueRecoveryCodes(trx, userId)
      })
      return c.json({ recoveryCodes }, 200)
    })
}
