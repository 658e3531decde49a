import { type Kysely, sql } from 'kysely'
import { geoJsonText, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { EntityDef, ImportEntity, SqlType } from './entities.ts'

/*
 * The importer's SQL: PostGIS judges and repairs geometry and places it in the city's districts, townships and
 * grids; keys are matched against what exists; records are written in batches from one jsonb parameter each
 * (jsonb_to_recordset), which keeps a 100,000-row file to a few dozen statements on either engine.
 */

export const BATCH_ROWS = 5_000

export interface GeometryCheck {
  i: number
  valid: boolean
  reason: string | null
  /** ST_MakeValid's polygonal result for an invalid polygon, as GeoJSON; null when nothing polygonal is left. */
  repaired: string | null
  district_id: number | null
  township_id: number | null
  grid_id: number | null
}

export async function checkGeometries(db: Kysely<DB>, batch: { i: number; geom: unknown }[]): Promise<GeometryCheck[]> {
  const { rows } = await sql<GeometryCheck>`
    SELECT v.i, ST_IsValid(a.g) AS valid,
      CASE WHEN NOT ST_IsValid(a.g) THEN ST_IsValidReason(a.g) END AS reason,
      CASE WHEN NOT ST_IsValid(a.g) THEN nullif(${geoJsonText(sql`ST_Multi(ST_CollectionExtract(ST_MakeValid(a.g), 3))`, 7)}, '{"type":"MultiPolygon","coordinates":[]}') END AS repaired,
      dd.id AS district_id,
      (SELECT t.id FROM townships t WHERE ST_Intersects(t.geom, b.p) AND t.district_id = dd.id ORDER BY t.id LIMIT 1) AS township_id,
      (SELECT gr.id FROM grids gr WHERE ST_Intersects(gr.geom, b.p) AND gr.district_id = dd.id ORDER BY gr.id LIMIT 1) AS grid_id
    FROM jsonb_to_recordset(${jsonb(batch)}) AS v(i int, geom jsonb)
    CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(v.geom::text), 4326) AS g) a
    CROSS JOIN LATERAL (SELECT ST_PointOnSurface(CASE WHEN ST_IsValid(a.g) THEN a.g ELSE ST_MakeValid(a.g) END) AS p) b
    -- Township and grid within the same district, so a point on a boundary never gets one district's grid and another's id.
    LEFT JOIN LATERAL (SELECT d.id FROM districts d WHERE ST_Intersects(d.geom, b.p) ORDER BY d.id LIMIT 1) dd ON true`.execute(db)
  return rows
}

/** The keys (as EntityDef.key builds them) that already exist, among those given. */
export async function existingKeys(db: Kysely<DB>, entity: ImportEntity, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const wanted = sql`(SELECT jsonb_array_elements_text(${jsonb(keys)}))`
  const query = {
    sites: sql<{ key: string }>`SELECT code AS key FROM sites WHERE code IN ${wanted}`,
    grids: sql<{ key: string }>`SELECT code AS key FROM grids WHERE code IN ${wanted}`,
    cameras: sql<{ key: string }>`SELECT code AS key FROM cameras WHERE code IN ${wanted}`,
    districts: sql<{ key: string }>`SELECT adcode::text AS key FROM districts WHERE adcode::text IN ${wanted}`,
    receptors: sql<{ key: string }>`SELECT kind || ':' || name AS key FROM sensitive_receptors WHERE kind || ':' || name IN ${wanted}`,
    devices: sql<{ key: string }>`SELECT code AS key FROM devices WHERE code IN ${wanted}`,
    enterprises: sql<{ key: string }>`SELECT credit_code AS key FROM enterprises WHERE credit_code IN ${wanted}`,
    people: sql<{ key: string }>`SELECT id_number AS key FROM people WHERE id_number IN ${wanted}`,
    complaints: sql<{ key: string }>`SELECT channel || '|' || ticket_no AS key FROM complaints WHERE channel || '|' || ticket_no IN ${wanted}`,
    chemicals: sql<{ key: string }>`SELECT s.code || '|' || c.name AS key FROM site_chemicals c JOIN sites s ON s.id = c.site_id
      WHERE c.removed_on IS NULL AND s.code || '|' || c.name IN ${wanted}`,
    scaffold_samplings: sql<{ key: string }>`SELECT s.code || '|' || x.component || '|' || x.batch_no || '|' || x.sampled_on::text AS key
      FROM scaffold_samplings x JOIN sites s ON s.id = x.site_id WHERE s.code || '|' || x.component || '|' || x.batch_no || '|' || x.sampled_on::text IN ${wanted}`,
    inspections: sql<{ key: string }>`
      SELECT s.code || '|' || (extract(epoch FROM i.inspected_at) * 1000)::bigint || '|' || i.kind AS key
      FROM inspections i JOIN sites s ON s.id = i.site_id
      WHERE s.code || '|' || (extract(epoch FROM i.inspected_at) * 1000)::bigint || '|' || i.kind IN ${wanted}`,
  }[entity]
  const { rows } = await query.execute(db)
  return new Set(rows.map((r) => r.key))
}

export async function siteIdsByCode(db: Kysely<DB>, codes: string[]): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map()
  const { rows } = await sql<{ code: string; id: number }>`
    SELECT code, id FROM sites WHERE code IN (SELECT jsonb_array_elements_text(${jsonb(codes)}))`.execute(db)
  return new Map(rows.map((r) => [r.code, r.id]))
}

export interface Bindable { id: number; siteId: number; takenBy: string | null }

/**
 * What new devices would bind to: cranes by the machine's 备案编号 (its live installation: a monitor is fitted to
 * the crane where it stands) and cameras by code (with the device already on each), and identities in use.
 */
export async function deviceBindings(db: Kysely<DB>, want: { craneCodes: string[]; cameraCodes: string[]; identities: string[] }) {
  // One after another: in a commit these run on the import's single transaction connection.
  const cranes = await sql<Bindable & { code: string }>`SELECT m.record_no AS code, c.id, c.site_id AS "siteId", d.code AS "takenBy"
      FROM cranes c JOIN crane_machines m ON m.id = c.machine_id LEFT JOIN devices d ON d.crane_id = c.id
      WHERE c.stage <> 'dismantled' AND m.record_no IN (SELECT jsonb_array_elements_text(${jsonb(want.craneCodes)}))`.execute(db)
  const cameras = await sql<Bindable & { code: string }>`SELECT c.code, c.id, c.site_id AS "siteId", d.code AS "takenBy"
      FROM cameras c LEFT JOIN devices d ON d.camera_id = c.id WHERE c.code IN (SELECT jsonb_array_elements_text(${jsonb(want.cameraCodes)}))`.execute(db)
  const identities = await sql<{ identity: string; code: string }>`SELECT identity, code FROM devices WHERE identity IN (SELECT jsonb_array_elements_text(${jsonb(want.identities)}))`.execute(db)
  const byCode = (rows: (Bindable & { code: string })[]) => new Map(rows.map(({ code, ...b }) => [code, b]))
  return { cranes: byCode(cranes.rows), cameras: byCode(cameras.rows), identities: new Map(identities.rows.map((r) => [r.identity, r.code])) }
}

export interface WriteColumn { name: string; type: SqlType | 'point' | 'multipolygon' }

/** The columns a layer's records are written with: its fields (not lookups), resolved ids, then its geometry. */
export function writeColumns(def: EntityDef): WriteColumn[] {
  const fields = Object.entries(def.fields).filter(([, f]) => !f.lookup).map(([name, f]) => ({ name, type: f.type }))
  const resolved = Object.entries(def.resolved).map(([name, type]) => ({ name, type: type as SqlType }))
  const geometry = def.geometry ? [{ name: def.geometry.column, type: def.geometry.kind === 'point' ? 'point' as const : 'multipolygon' as const }] : []
  return [...fields, ...resolved, ...geometry]
}

const valueOf = (c: WriteColumn) => c.type === 'point' ? sql.raw(`ST_SetSRID(ST_GeomFromGeoJSON(v.${c.name}::text), 4326)`)
  : c.type === 'multipolygon' ? sql.raw(`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(v.${c.name}::text), 4326))`)
    : sql.raw(`v.${c.name}`)
const recordType = (columns: WriteColumn[]) =>
  sql.raw(columns.map((c) => `${c.name} ${c.type === 'point' || c.type === 'multipolygon' ? 'jsonb' : c.type}`).join(', '))

export async function insertRecords(trx: Kysely<DB>, def: EntityDef, columns: WriteColumn[], records: Record<string, unknown>[]) {
  await sql`
    INSERT INTO ${sql.table(def.table)} (${sql.join(columns.map((c) => sql.ref(c.name)))})
    SELECT ${sql.join(columns.map(valueOf))} FROM jsonb_to_recordset(${jsonb(records)}) AS v(${recordType(columns)})`.execute(trx)
}

/** Updates matched on `match`; a blank cell (null here) keeps the value the record has. */
export async function updateRecords(trx: Kysely<DB>, def: EntityDef, columns: WriteColumn[], match: string[], records: Record<string, unknown>[]) {
  const set = columns.filter((c) => !match.includes(c.name)).map((c) => sql`${sql.ref(c.name)} = COALESCE(${valueOf(c)}, t.${sql.ref(c.name)})`)
  if (def.table === 'sites') set.push(sql`updated_at = now()`)
  const where = sql.join(match.map((m) => sql`t.${sql.ref(m)} = v.${sql.ref(m)}`), sql` AND `)
  await sql`
    UPDATE ${sql.table(def.table)} AS t SET ${sql.join(set)}
    FROM jsonb_to_recordset(${jsonb(records)}) AS v(${recordType(columns)}) WHERE ${where}`.execute(trx)
}
