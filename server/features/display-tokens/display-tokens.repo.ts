import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

const listed = ['id', 'name', beijingIso(sql`created_at`).as('createdAt'), sql<string | null>`CASE WHEN revoked_at IS NULL THEN NULL ELSE ${beijingIso(sql`revoked_at`)} END`.as('revokedAt'),
  sql<string | null>`CASE WHEN last_used_at IS NULL THEN NULL ELSE ${beijingIso(sql`last_used_at`)} END`.as('lastUsedAt')] as const

export async function createDisplayToken(db: Kysely<DB>, name: string, tokenSha256: string) {
  return db.insertInto('display_tokens').values({ name, token_sha256: tokenSha256 }).returning([...listed]).executeTakeFirstOrThrow()
}

export async function listDisplayTokens(db: Kysely<DB>) {
  return db.selectFrom('display_tokens').select([...listed]).orderBy('id').execute()
}

/** Revokes once; revoking again keeps the first time. Undefined when there is no such token. */
export async function revokeDisplayToken(db: Kysely<DB>, id: number) {
  return db.updateTable('display_tokens').set({ revoked_at: sql`coalesce(revoked_at, now())` }).where('id', '=', id)
    .returning([...listed]).executeTakeFirst()
}

/** The live token with this hash, noting that it was used (a wall that stopped calling shows as silent). */
export async function findActiveDisplayToken(db: Kysely<DB>, tokenSha256: string) {
  return db.updateTable('display_tokens').set({ last_used_at: sql`now()` })
    .where('token_sha256', '=', tokenSha256).where('revoked_at', 'is', null).returning('id').executeTakeFirst()
}
