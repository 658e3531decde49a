import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

export async function insertPhoto(trx: Kysely<DB>, photo: { siteId: number; mime: string; content: Uint8Array; sha256: string; userId: number }) {
  return trx.insertInto('photos').values({
    site_id: photo.siteId, mime: photo.mime, size_bytes: photo.content.byteLength, sha256: photo.sha256,
    content: Buffer.from(photo.content), uploaded_by: photo.userId,
  }).returning(['id', 'mime', 'size_bytes as sizeBytes', 'sha256']).executeTakeFirstOrThrow()
}

/** A photo of a site in the caller's scope. */
export async function findPhoto(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('photos as p').innerJoin('sites as s', 's.id', 'p.site_id')
    .select(['p.mime', 'p.content', 'p.sha256']).where('p.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}
