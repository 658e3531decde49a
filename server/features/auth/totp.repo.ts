import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'

/* A user's second factor: the (sealed) secret, whether it is confirmed, the last step used, and recovery codes. */

export async function totpState(db: Kysely<DB>, userId: number) {
  return db.selectFrom('users').where('id', '=', userId)
    .select(['totp_secret as secret', sql<boolean>`totp_enabled_at IS NOT NULL`.as('enabled'), 'password_hash as passwordHash'])
    .executeTakeFirstOrThrow()
}

/** A new secret, pending until confirmed; refused (false) while one is enabled, so setup cannot replace it. */
export async function setPendingSecret(db: Kysely<DB>, userId: number, sealedSecret: string): Promise<boolean> {
  const row = await db.updateTable('users').set({ totp_secret: sealedSecret, totp_last_step: null })
    .where('id', '=', userId).where('totp_enabled_at', 'is', null).returning('id').executeTakeFirst()
  return row !== undefined
}

/**
 * Uses a code's step: only a step after the last one used is taken, in one statement, so the same code (or an older
 * one) cannot be replayed, not even by two requests at once. `enable` confirms a pending secret at the same time.
 */
export async function takeStep(db: Kysely<DB>, userId: number, step: number, enable = false): Promise<boolean> {
  const row = await db.updateTable('users')
    .set(enable ? { totp_last_step: step, totp_enabled_at: sql`now()` } : { totp_last_step: step })
    .where('id', '=', userId).where('totp_secret', 'is not', null)
    .where('totp_enabled_at', enable ? 'is' : 'is not', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .returning('id').executeTakeFirst()
  return row !== undefined
}

export async function replaceRecoveryCodes(db: Kysely<DB>, userId: number, hashes: string[]) {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
  await db.insertInto('recovery_codes').values(hashes.map((code_sha256) => ({ user_id: userId, code_sha256 }))).execute()
}

/** Marks a recovery code used, once: false when it is unknown or already used. */
export async function useRecoveryCode(db: Kysely<DB>, userId: number, hash: string): Promise<boolean> {
  const row = await db.updateTable('recovery_codes').set({ used_at: sql`now()` })
    .where('user_id', '=', userId).where('code_sha256', '=', hash).where('used_at', 'is', null).returning('id').executeTakeFirst()
  return row !== undefined
}

export async function recoveryCodesLeft(db: Kysely<DB>, userId: number): Promise<number> {
  const { n } = await db.selectFrom('recovery_codes').where('user_id', '=', userId).where('used_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}

export async function disableTotp(db: Kysely<DB>, userId: number) {
  await db.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', userId).execute()
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
}
