import { type Kysely, sql } from 'kysely'
import { beijingIso, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/* Vendor platforms that push device data over HTTP, and the answers already given to their idempotency keys. */

export async function platformByKey(db: Kysely<DB>, keySha256: string) {
  return db.selectFrom('ingest_platforms').select(['id', 'name']).where('key_sha256', '=', keySha256).where('revoked_at', 'is', null).executeTakeFirst()
}

export async function earlierAnswer(db: Kysely<DB>, platformId: number, key: string) {
  return db.selectFrom('ingest_requests').select(['request_sha256 as requestSha256', 'response']).where('platform_id', '=', platformId)
    .where('idempotency_key', '=', key).executeTakeFirst()
}

/** Keeps the first answer to a key: a concurrent retry that lost the race answers with the winner's. */
export async function keepAnswer(db: Kysely<DB>, platformId: number, key: string, requestSha256: string, response: unknown): Promise<void> {
  await db.insertInto('ingest_requests').values({ platform_id: platformId, idempotency_key: key, request_sha256: requestSha256, response: jsonb(response) })
    .onConflict((oc) => oc.doNothing()).execute()
}

export function listPlatforms(db: Kysely<DB>) {
  return db.selectFrom('ingest_platforms').select(['id', 'name', beijingIso(sql`created_at`).as('createdAt'), sql<string | null>`${beijingIso(sql`revoked_at`)}`.as('revokedAt')])
    .orderBy('id').execute()
}

export async function createPlatform(trx: Kysely<DB>, name: string, keySha256: string) {
  return trx.insertInto('ingest_platforms').values({ name, key_sha256: keySha256 }).returning(['id', 'name']).executeTakeFirstOrThrow()
}

export async function revokePlatform(trx: Kysely<DB>, id: number): Promise<boolean> {
  const r = await trx.updateTable('ingest_platforms').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function platformNameTaken(db: Kysely<DB>, name: string): Promise<boolean> {
  return (await db.selectFrom('ingest_platforms').select('id').where('name', '=', name).executeTakeFirst()) !== undefined
}
