import type { ExpressionBuilder, Kysely } from 'kysely'
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

/**
 * The site's photos that document nothing yet: no inspection, no hazard step, no alarm's disposal. One photo is
 * evidence for one record, whichever kind ties it.
 */
export function unusedPhotoOf(siteId: number) {
  return (eb: ExpressionBuilder<DB, 'photos'>) => eb.and([
    eb('photos.site_id', '=', siteId), eb('photos.inspection_id', 'is', null), eb('photos.hazard_event_id', 'is', null),
    eb.not(eb.exists(eb.selectFrom('alarms').select('alarms.id').whereRef('alarms.disposal_photo_id', '=', 'photos.id'))),
  ])
}
