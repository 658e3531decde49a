import { type Kysely, sql } from 'kysely'
import { beijingIso, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { MappingInput } from './mapping.ts'

/*
 * Import templates, each an office's own: every query is scoped to the office (a district, or the city when the
 * district is null), so one district never sees or changes another's.
 */

export interface TemplateRow {
  id: number; entity: string; name: string; headers: string[]; mapping: MappingInput; crs: string | null
  updatedAt: string; updatedBy: string | null
}
export interface TemplateShape { entity: string; districtId: number | null; signature: string }

const sameOffice = (districtId: number | null) => sql<boolean>`t.district_id IS NOT DISTINCT FROM ${districtId}`

function selectTemplates(db: Kysely<DB>) {
  return db.selectFrom('import_templates as t').leftJoin('users as u', 'u.id', 't.updated_by')
    .select(['t.id', 't.entity', 't.name', sql<string[]>`t.headers`.as('headers'), sql<MappingInput>`t.mapping`.as('mapping'), 't.crs',
      beijingIso(sql`t.updated_at`).as('updatedAt'), 'u.display_name as updatedBy'])
}

export async function listTemplates(db: Kysely<DB>, districtId: number | null, entity?: string): Promise<TemplateRow[]> {
  let query = selectTemplates(db).where(sameOffice(districtId)).orderBy('t.entity').orderBy('t.name').orderBy('t.id')
  if (entity) query = query.where('t.entity', '=', entity)
  return query.execute()
}

export async function findTemplate(db: Kysely<DB>, id: number, districtId: number | null): Promise<TemplateRow | undefined> {
  return selectTemplates(db).where('t.id', '=', id).where(sameOffice(districtId)).executeTakeFirst()
}

/** The office's template for this entity and this set of headers: how a sheet is recognised when it comes again. */
export async function findTemplateByShape(db: Kysely<DB>, shape: TemplateShape): Promise<TemplateRow | undefined> {
  return selectTemplates(db).where('t.entity', '=', shape.entity).where('t.signature', '=', shape.signature)
    .where(sameOffice(shape.districtId)).executeTakeFirst()
}

export interface TemplateSave extends TemplateShape { name: string; headers: string[]; mapping: MappingInput; crs: string | null; userId: number }

/** Saves the office's template for this shape of sheet, replacing what it held; returns it as it was before, if it was. */
export async function saveTemplate(trx: Kysely<DB>, save: TemplateSave): Promise<{ id: number; before: TemplateRow | undefined }> {
  const before = await findTemplateByShape(trx, save)
  const values = { name: save.name, headers: jsonb(save.headers), mapping: jsonb(save.mapping), crs: save.crs, updated_by: save.userId, updated_at: sql<Date>`now()` }
  if (before) {
    await trx.updateTable('import_templates').set(values).where('id', '=', before.id).execute()
    return { id: before.id, before }
  }
  const { id } = await trx.insertInto('import_templates')
    .values({ ...values, entity: save.entity, district_id: save.districtId, signature: save.signature, created_by: save.userId })
    .returning('id').executeTakeFirstOrThrow()
  return { id, before }
}

export async function updateTemplate(trx: Kysely<DB>, id: number, change: { name?: string; mapping?: MappingInput; crs?: string | null }, userId: number) {
  await trx.updateTable('import_templates').set({
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.mapping !== undefined ? { mapping: jsonb(change.mapping) } : {}),
    ...(change.crs !== undefined ? { crs: change.crs } : {}),
    updated_by: userId, updated_at: sql<Date>`now()`,
  }).where('id', '=', id).execute()
}

export async function deleteTemplate(trx: Kysely<DB>, id: number) {
  await trx.deleteFrom('import_templates').where('id', '=', id).execute()
}
