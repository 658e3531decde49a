import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { Config } from '../../config.ts'
import type { Principal, Role } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import type { SecondFactor } from './credentials.ts'
import { acceptedStep, enrolmentOf, openSecret, recoveryCodeHash } from './totp.ts'
import * as repo from './totp.repo.ts'

/* Checking a second factor against what the database holds; each code is spent as it is accepted. */

type Key = string | undefined

/** A 6-digit code of the user's enabled secret, at `at`, for a step not used before; the step is spent. */
export async function spendTotp(db: Kysely<DB>, key: Key, userId: number, code: string, at: Date): Promise<boolean> {
  const { secret, enabled } = await repo.totpState(db, userId)
  if (!secret || !enabled) return false
  const step = acceptedStep(openSecret(secret, key), code.replace(/\s/g, ''), at)
  return step !== null && repo.takeStep(db, userId, step)
}

/** A recovery code not used before; it is spent, and the audit log says how many are left. */
export async function spendRecoveryCode(db: Kysely<DB>, userId: number, code: string): Promise<boolean> {
  if (!(await repo.useRecoveryCode(db, userId, recoveryCodeHash(code)))) return false
  await writeAudit(db, { userId, action: 'totp_recovery_code_used', entity: 'user', entityId: userId, after: { left: await repo.recoveryCodesLeft(db, userId) } })
  return true
}

/** Either kind, told apart by its form: six digits are a TOTP code, anything else a recovery code. */
export const spendCode = (db: Kysely<DB>, key: Key, userId: number, code: string, at: Date) =>
  (/^\d{6}$/.test(code.replace(/\s/g, '')) ? spendTotp(db, key, userId, code, at) : spendRecoveryCode(db, userId, code))

const wrongCode = () => new AppError(401, 'invalid_totp', 'wrong or already used code')

/**
 * The sign-in form's second factor: none asked of a user without TOTP; otherwise the code (or a recovery code),
 * and without one a 401 `totp_required` that the form answers by asking for it.
 */
export function loginSecondFactor(db: Kysely<DB>, key: Key, at: Date, given: { totp?: string; recoveryCode?: string }): SecondFactor {
  return async (user) => {
    if (!user.totpEnabled) return null
    if (given.totp === undefined && given.recoveryCode === undefined) {
      return { error: new AppError(401, 'totp_required', 'two-factor sign-in: send the code from your authenticator app as `totp`, or a recovery code'), failedAttempt: false }
    }
    const ok = given.totp !== undefined ? await spendTotp(db, key, user.userId, given.totp, at) : await spendRecoveryCode(db, user.userId, given.recoveryCode ?? '')
    return ok ? null : { error: wrongCode(), failedAttempt: true }
  }
}

/**
 * HTTP Basic (GIS clients) has no place for a code, so an account with two factors cannot use it, and neither can an
 * admin who must enrol first. Neither is a failed attempt: the password was right, and a client that keeps sending it
 * should not lock the account.
 */
export function basicSecondFactor(config: Pick<Config, 'ADMIN_TOTP' | 'NODE_ENV'>): SecondFactor {
  return async (user) => {
    if (user.totpEnabled) {
      return {
        error: new AppError(401, 'basic_auth_refused', 'this account signs in with two factors, which HTTP Basic cannot carry: sign in to the portal and use its session cookie instead'),
        failedAttempt: false,
      }
    }
    if (enrolmentOf(config, user.role as Role, false) === 'required') {
      return { error: new AppError(403, 'totp_enrolment_required', 'set up two-factor sign-in in the portal first'), failedAttempt: false }
    }
    return null
  }
}

/** What the web app is told about the signed-in user's second factor. */
export async function twoFactorOf(db: Kysely<DB>, config: Pick<Config, 'ADMIN_TOTP' | 'NODE_ENV'>, principal: Principal) {
  const { enabled } = await repo.totpState(db, principal.userId)
  return { enabled, enrol: enrolmentOf(config, principal.role, enabled), recoveryCodesLeft: enabled ? await repo.recoveryCodesLeft(db, principal.userId) : 0 }
}
