import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { normalizeHeader } from '../../domain/import-columns.ts'
import { type CrsGuess, guessCrs, IMPORT_CRS, type ImportCrs } from '../../domain/import-crs.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { checkChemicalRows } from './chemicals.import.ts'
import { dispatchImportedComplaints, prepareComplaintRows } from './complaints.import.ts'
import { checkScaffoldRows, raiseImportedScaffoldHazards } from './scaffold.import.ts'
import { checkDeviceRows, issueSecrets } from './devices.import.ts'
import { checkEnterpriseRows, writeQualifications } from './enterprises.import.ts'
import { checkPeopleRows, writePeopleCertificates } from './people.import.ts'
import { COORDINATE_ALIASES, ENTITIES, type EntityDef, type ImportEntity } from './entities.ts'
import { BATCH_ROWS, checkGeometries, existingKeys, insertRecords, siteIdsByCode, updateRecords, writeColumns } from './imports.repo.ts'
import { detectFormat, type TextEncoding } from './intake.ts'
import { type ColumnMapping, mapColumns, type MappingInput, targetsOf, templateMapping, unconfirmed } from './mapping.ts'
import { readTable, type SourceTable } from './readers.ts'
import { type CandidateRow, type Issue, readRow, rejectDuplicateKeys, sampleCoordinates } from './rows.ts'
import { matchSiteParties, writeSiteParties } from './site-parties.import.ts'
import { findTemplate, findTemplateByShape, saveTemplate, type TemplateRow, type TemplateSave, type TemplateShape } from './templates.repo.ts'

/*
 * One import, start to end: read the file, read each row, let PostGIS judge the geometry and place it, match keys,
 * and either report (a dry run) or write everything in the caller's transaction. The same code path does both, so
 * what the preview promised is what the import does.
 */

export interface ImportRequest {
  entity: ImportEntity
  fileName: string
  bytes: Uint8Array
  encoding: TextEncoding
  crs?: ImportCrs
  swapLonLat: boolean
  commit: boolean
  skipRejected: boolean
  /** The user's own word on columns and values (confirmed), and on where the header is. */
  mapping: MappingInput & { headerRow?: number }
  /** A template to apply; 'none' for none; absent: the office's template for these headers, if there is one. */
  template?: number | 'none'
  /** Commit only: save what this import was mapped with as the office's template, under this name. */
  saveTemplate?: string
  userId: number
  /** The client's address, for the audit log. */
  ip: string | null
  /** The user's office: a district, or the city (null). Templates are the office's. */
  districtId: number | null
}
export type Action = 'create' | 'update' | 'skip' | 'reject'
export interface RowReport { line: number; key: string | null; action: Action; reasons: Issue[]; warnings: Issue[] }
export interface ImportProgress { phase: 'read' | 'check' | 'write'; done: number; total: number }
export type OnProgress = (progress: ImportProgress) => unknown

const MAX_REPORTED_ROWS = 2_000

export async function runImport(db: Kysely<DB>, request: ImportRequest, onProgress: OnProgress = () => {}) {
  const format = detectFormat(request.fileName, request.bytes)
  const def = ENTITIES[request.entity]
  const table = await readTable(format, request.bytes, request.encoding, { aliases: headerAliases(def), line: request.mapping.headerRow })
  await onProgress({ phase: 'read', done: table.rows.length, total: table.rows.length })
  const shape = { entity: request.entity, districtId: request.districtId, signature: headerSignature(table.columns) }
  const template = await templateFor(db, request, shape)
  const mapping = mapColumns(def, table, request.mapping, template?.mapping ?? null)
  const guess = crsGuessOf(table, mapping, request.fileName, template)
  const crs = request.crs ?? guess.crs
  const pending = unconfirmed(mapping)
  const needsConfirmation = pending.columns.length + pending.values.length
  const base = {
    entity: request.entity, format, encoding: table.encoding, committed: false, headerRow: table.headerRow, skippedLines: table.skippedLines,
    crs: { used: crs, guessed: guess },
    columns: {
      mapped: mapping.fields, lon: mapping.lon ?? null, lat: mapping.lat ?? null, lonlat: mapping.lonlat ?? null, wkt: mapping.wkt ?? null,
      ignored: mapping.ignored, sources: mapping.sources, targets: targetsOf(def), missing: mapping.missing,
    },
    values: mapping.values, needsConfirmation,
    template: template ? { id: template.id, name: template.name, updatedAt: template.updatedAt } : null,
  }
  if (mapping.blocking) {
    if (request.commit) throw new AppError(400, 'missing_columns', `the file has no column for: ${mapping.missing.join(', ')}`, { missing: mapping.missing, columns: table.columns })
    // Rows are not judged until the columns that say what a row is are known: every one would fail alike.
    return { ...base, judged: false, swappedRows: 0, totals: { rows: table.rows.length, create: 0, update: 0, skip: 0, reject: 0, warnings: 0 }, rows: [], rowsTruncated: false }
  }
  const rows: CandidateRow[] = []
  for (const row of table.rows) rows.push(readRow(def, mapping, row, crs, request.swapLonLat))
  rejectDuplicateKeys(rows, def.showKey)
  await placeGeometries(db, request.entity, rows, onProgress)
  const actions = await decideActions(db, request.entity, def, mapping, rows)
  // Party names are matched to the enterprise registry in the dry run too, so the preview shows what links.
  const parties = request.entity === 'sites' ? await matchSiteParties(db, mapping, rows) : null
  const summary = summarize(rows, actions, def.showKey)
  const report = { ...base, judged: true, swappedRows: rows.filter((r) => r.reasons.some((i) => i.code === 'swapped_lon_lat')).length, ...summary,
    ...(parties ? { parties: parties.report } : {}) }
  if (!request.commit) return report
  if (needsConfirmation > 0) {
    throw new AppError(422, 'mapping_unconfirmed', `${needsConfirmation} column or value matches are guesses: confirm them (send them in mapping) before importing`, pending)
  }
  if (summary.totals.reject > 0 && !request.skipRejected) {
    throw new AppError(422, 'rows_rejected', `${summary.totals.reject} rows would be rejected: fix them, or import the others with skipRejected`, { totals: summary.totals })
  }
  // New devices' secrets are made here, after every check passed, and leave only in this answer.
  const secrets = request.entity === 'devices' ? issueSecrets(rows.filter((_, i) => actions[i] === 'create')) : undefined
  await writeRows(db, def, rows, actions, onProgress)
  const written = rows.filter((_, i) => actions[i] === 'create' || actions[i] === 'update')
  if (parties) await writeSiteParties(db, written, parties.links)
  if (request.entity === 'enterprises') await writeQualifications(db, written)
  if (request.entity === 'people') await writePeopleCertificates(db, written)
  if (request.entity === 'scaffold_samplings') await raiseImportedScaffoldHazards(db, written)
  const dispatched = request.entity === 'complaints' ? { complaints: await dispatchImportedComplaints(db, written, { userId: request.userId, ip: request.ip }) } : {}
  // Which devices were given a secret is on the record (the secrets themselves are not).
  const created = secrets ? { devices: secrets.map((s) => s.code) } : {}
  await writeAudit(db, { userId: request.userId, ip: request.ip, action: 'import', entity: request.entity, entityId: request.fileName.slice(0, 200), after: { format, crs, totals: summary.totals, ...created, ...dispatched } })
  const saved = request.saveTemplate === undefined ? null
    : await keepTemplate(db, { ...shape, name: request.saveTemplate, headers: table.columns, mapping: templateMapping(mapping), crs, userId: request.userId }, request.ip)
  return { ...report, committed: true, template: saved ?? report.template, ...(secrets ? { secrets } : {}) }
}

/** Every header a layer's columns may have: what tells the header row from a title above it. */
const headerAliases = (def: EntityDef) => [...Object.values(def.fields).flatMap((f) => f.aliases), ...Object.values(COORDINATE_ALIASES).flat()]

/** The same headers in any order, however written, are the same shape of sheet. */
const headerSignature = (columns: string[]) => createHash('sha256').update([...new Set(columns.map(normalizeHeader))].sort().join('\u001f')).digest('hex')

async function templateFor(db: Kysely<DB>, request: ImportRequest, shape: TemplateShape) {
  if (request.template === 'none') return undefined
  if (request.template === undefined) return findTemplateByShape(db, shape)
  const template = await findTemplate(db, request.template, request.districtId)
  if (!template || template.entity !== request.entity) throw new AppError(404, 'template_not_found', `your office has no ${request.entity} import template ${request.template}`)
  return template
}

async function keepTemplate(trx: Kysely<DB>, save: TemplateSave, ip: string | null) {
  const { id, before } = await saveTemplate(trx, save)
  const after = { name: save.name, headers: save.headers, mapping: save.mapping, crs: save.crs }
  await writeAudit(trx, { userId: save.userId, ip, action: before ? 'update' : 'create', entity: 'import_template', entityId: id, before, after })
  const template = await findTemplate(trx, id, save.districtId)
  return template ? { id, name: template.name, updatedAt: template.updatedAt } : null
}

function crsGuessOf(table: SourceTable, mapping: ColumnMapping, fileName: string, template: TemplateRow | undefined): CrsGuess {
  if (table.declaredCrs) return { crs: table.declaredCrs.crs, reason: table.declaredCrs.source, certain: true }
  const remembered = IMPORT_CRS.find((c) => c === template?.crs)
  if (remembered && template) return { crs: remembered, reason: `“${template.name}”`, certain: true }
  const columns = [mapping.lon, mapping.lat, mapping.lonlat, mapping.wkt].filter((h): h is string => Boolean(h))
  return guessCrs(columns, sampleCoordinates(mapping, table), fileName)
}

/** Geometry judged (and repaired when PostGIS can) and placed in a district, township and grid. */
async function placeGeometries(db: Kysely<DB>, entity: ImportEntity, rows: CandidateRow[], onProgress: OnProgress) {
  const withGeometry = rows.filter((r) => r.geometry && r.reasons.length === 0)
  for (let start = 0; start < withGeometry.length; start += BATCH_ROWS) {
    const batch = withGeometry.slice(start, start + BATCH_ROWS)
    const checks = await checkGeometries(db, batch.map((r, i) => ({ i, geom: r.geometry })))
    for (const check of checks) {
      const row = batch[check.i]
      if (!check.valid) {
        if (!check.repaired) { row.reasons.push({ code: 'invalid_polygon', value: check.reason ?? '' }); continue }
        row.geometry = JSON.parse(check.repaired)
        row.warnings.push({ code: 'repaired_polygon', value: check.reason ?? '' })
      }
      placeRow(entity, row, check)
    }
    await onProgress({ phase: 'check', done: Math.min(start + BATCH_ROWS, withGeometry.length), total: withGeometry.length })
  }
}

function placeRow(entity: ImportEntity, row: CandidateRow, place: { district_id: number | null; township_id: number | null; grid_id: number | null }) {
  const outside = place.district_id === null
  if (entity === 'sites' || entity === 'grids') {
    if (outside) return void row.reasons.push({ code: 'outside_city' })
    row.record.district_id = place.district_id
    if (entity === 'sites') row.record.grid_id = place.grid_id
    if (entity === 'grids' && place.township_id === null) return void row.reasons.push({ code: 'no_township' })
    if (entity === 'grids') row.record.township_id = place.township_id
  } else if (outside && !row.warnings.some((w) => w.code === 'outside_city')) {
    row.warnings.push({ code: 'outside_city' })
  }
}

async function decideActions(db: Kysely<DB>, entity: ImportEntity, def: EntityDef, mapping: ColumnMapping, rows: CandidateRow[]): Promise<Action[]> {
  const siteCodes = [...new Set(rows.map((r) => r.record.site_code).filter((c): c is string => typeof c === 'string'))]
  const siteIds = def.resolved.site_id ? await siteIdsByCode(db, siteCodes) : new Map<string, number>()
  const existing = await existingKeys(db, entity, [...new Set(rows.map((r) => r.key).filter((k): k is string => k !== null))])
  const isExisting = (row: CandidateRow) => row.key !== null && existing.has(row.key)
  for (const row of rows) {
    if (!def.resolved.site_id || typeof row.record.site_code !== 'string') continue
    const siteId = siteIds.get(row.record.site_code)
    if (siteId === undefined) row.reasons.push({ code: 'unknown_site', value: row.record.site_code })
    else row.record.site_id = siteId
  }
  // A registered device is skipped as it is, so only new ones are checked against the registry.
  if (entity === 'devices') await checkDeviceRows(db, mapping, rows.filter((r) => !isExisting(r)))
  if (entity === 'enterprises') await checkEnterpriseRows(db, mapping, rows)
  if (entity === 'people') await checkPeopleRows(db, mapping, rows)
  if (entity === 'complaints') prepareComplaintRows(mapping, rows)
  if (entity === 'chemicals') await checkChemicalRows(db, mapping, rows.filter((r) => !isExisting(r)))
  if (entity === 'scaffold_samplings') await checkScaffoldRows(db, mapping, rows.filter((r) => !isExisting(r)))
  return rows.map((row) => {
    const exists = isExisting(row)
    if (!exists && !def.canCreate) row.reasons.push({ code: 'unknown_district', value: row.key ?? '' })
    if (!exists && def.canCreate) {
      // A cell that was there but unreadable already has its reason; only a missing one is 'required'.
      const unreadable = new Set(row.reasons.map((r) => r.column))
      for (const [field, spec] of Object.entries(def.fields)) {
        const column = mapping.fields[field]
        if (spec.required && row.record[field] === undefined && !(column && unreadable.has(column))) row.reasons.push({ code: 'required', column: column ?? field })
      }
      if (def.geometry && !def.geometry.optional && row.geometryBlank) row.reasons.push({ code: 'empty_geometry' })
    }
    if (row.reasons.length > 0) return 'reject'
    if (exists) return def.match.length === 0 ? 'skip' : 'update'
    return 'create'
  })
}

function summarize(rows: CandidateRow[], actions: Action[], showKey: (key: string) => string = (key) => key) {
  const totals = { rows: rows.length, create: 0, update: 0, skip: 0, reject: 0, warnings: 0 }
  const reports: RowReport[] = rows.map((r, i) => ({ line: r.line, key: r.key === null ? null : showKey(r.key), action: actions[i], reasons: r.reasons, warnings: r.warnings }))
  for (const report of reports) {
    totals[report.action] += 1
    if (report.warnings.length > 0) totals.warnings += 1
  }
  // The screen lists what needs a look first: rejected rows, then warned ones, then the rest in file order.
  const weight = (r: RowReport) => (r.action === 'reject' ? 0 : r.warnings.length > 0 ? 1 : 2)
  const ordered = reports.map((r, i) => ({ r, i })).sort((a, b) => weight(a.r) - weight(b.r) || a.i - b.i).map((x) => x.r)
  return { totals, rows: ordered.slice(0, MAX_REPORTED_ROWS), rowsTruncated: reports.length > MAX_REPORTED_ROWS }
}

async function writeRows(db: Kysely<DB>, def: EntityDef, rows: CandidateRow[], actions: Action[], onProgress: OnProgress) {
  const columns = writeColumns(def)
  const recordOf = (row: CandidateRow, fill: boolean) => Object.fromEntries(columns.map((c) => {
    const value = c.name === def.geometry?.column ? row.geometry : row.record[c.name]
    return [c.name, value ?? (fill ? def.fields[c.name]?.fallback ?? null : null)]
  }))
  const creates = rows.filter((_, i) => actions[i] === 'create').map((r) => recordOf(r, true))
  const updates = rows.filter((_, i) => actions[i] === 'update').map((r) => recordOf(r, false))
  const total = creates.length + updates.length
  for (let start = 0; start < creates.length; start += BATCH_ROWS) {
    await insertRecords(db, def, columns, creates.slice(start, start + BATCH_ROWS))
    await onProgress({ phase: 'write', done: Math.min(start + BATCH_ROWS, creates.length), total })
  }
  for (let start = 0; start < updates.length; start += BATCH_ROWS) {
    await updateRecords(db, def, columns, def.match, updates.slice(start, start + BATCH_ROWS))
    await onProgress({ phase: 'write', done: creates.length + Math.min(start + BATCH_ROWS, updates.length), total })
  }
}
