import type { Point } from 'geojson'
import { type BasemapDatum, toBasemapDatum } from '../../server/domain/datum.ts'
import type { RiskGrade } from '../../server/domain/risk.ts'
import type { SiteColumnsBody } from '../../server/domain/site-columns.ts'
import type { SiteFeature, SiteProperties } from './layers/sites-layer.ts'

/*
 * The sites the map draws, held as typed arrays: one per property, row i being one site, in the order of `ids`
 * (ascending). deck.gl draws them as they are (binary attributes), the worker that parsed them hands the buffers
 * over without a copy, and a site becomes an object only when one is pointed at. 100,000 sites as GeoJSON features
 * were 43.5 MB of objects built on the main thread before the first frame.
 */
export interface SiteColumns {
  length: number
  ids: Int32Array
  /** lon, lat of each site, in the basemap's datum. */
  positions: Float64Array
  /** Indexes into `kinds` / `stages`: the values as the server names them. */
  kind: Uint8Array; kinds: string[]
  stage: Uint8Array; stages: string[]
  /** Index into GRADES plus one; 0: not graded. */
  grade: Uint8Array
  key: Uint8Array
  floorArea: Float32Array
  /** NaN where there is no value. */
  riskScore: Float32Array
  coverageRatio: Float32Array
  cameras: Int32Array
  onlineCameras: Int32Array
  /** UTF-8 codes and names: site i's code is text[offsets[2i], offsets[2i+1]), its name runs to offsets[2i+2]. */
  text: Uint8Array
  textOffsets: Uint32Array
  /** Only on a replayed day (playback/day-frame.ts): the hazards open and overdue that day. */
  openHazards?: Int32Array
  overdueHazards?: Int32Array
}

export const GRADES: readonly RiskGrade[] = ['red', 'orange', 'yellow', 'blue']
export const gradeCode = (grade: string | null) => GRADES.indexOf(grade as RiskGrade) + 1

const orNaN = (v: number | null) => (v === null ? NaN : v)
const orNull = (v: number) => (Number.isNaN(v) ? null : v)

/** Values as small codes into a table of the distinct values, in the order first met. */
function dictionary(values: string[]): { codes: Uint8Array; table: string[] } {
  const table: string[] = []
  const seen = new Map<string, number>()
  const codes = Uint8Array.from(values, (v) => {
    let code = seen.get(v)
    if (code === undefined) seen.set(v, code = table.push(v) - 1)
    return code
  })
  return { codes, table }
}

/** UTF-8 length of a string, counted rather than encoded: one encode of all the texts joined is far cheaper. */
function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++ }
    else n += 3 // the rest of the BMP, and a lone surrogate, which TextEncoder writes as U+FFFD (3 bytes)
  }
  return n
}

/** Each site's code and name, in one UTF-8 buffer with the offsets where each text starts. */
function utf8Texts(codes: string[], names: string[]): { text: Uint8Array; textOffsets: Uint32Array } {
  const textOffsets = new Uint32Array(2 * codes.length + 1)
  const parts: string[] = []
  for (let i = 0; i < codes.length; i++) {
    parts.push(codes[i], names[i])
    textOffsets[2 * i + 1] = textOffsets[2 * i] + utf8Length(codes[i])
    textOffsets[2 * i + 2] = textOffsets[2 * i + 1] + utf8Length(names[i])
  }
  return { text: new TextEncoder().encode(parts.join('')), textOffsets }
}

/** The server's columns as typed arrays, shifted into the basemap's datum. */
export function columnsFromBody(body: SiteColumnsBody, datum: BasemapDatum): SiteColumns {
  const n = body.count
  const positions = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    const [lon, lat] = datum === 'wgs84' ? [body.lon[i], body.lat[i]] : toBasemapDatum([body.lon[i], body.lat[i]], datum)
    positions[2 * i] = lon
    positions[2 * i + 1] = lat
  }
  const kind = dictionary(body.kind)
  const stage = dictionary(body.stage)
  return {
    length: n, ids: Int32Array.from(body.id), positions,
    kind: kind.codes, kinds: kind.table, stage: stage.codes, stages: stage.table,
    grade: Uint8Array.from(body.riskGrade, gradeCode), key: Uint8Array.from(body.key),
    floorArea: Float32Array.from(body.floorArea), riskScore: Float32Array.from(body.riskScore, orNaN),
    coverageRatio: Float32Array.from(body.coverageRatio, orNaN),
    cameras: Int32Array.from(body.cameras), onlineCameras: Int32Array.from(body.onlineCameras),
    ...utf8Texts(body.code, body.name),
  }
}

/** Features (a vector tile's dots) as columns, so that every dot on the map is drawn by one layer. */
export function columnsFromFeatures(features: SiteFeature[]): SiteColumns {
  const p = features.map((f) => f.properties)
  const [lon, lat] = [0, 1].map((axis) => features.map((f) => f.geometry.coordinates[axis]))
  return columnsFromBody({
    count: features.length, id: features.map((f) => Number(f.id)), lon, lat, code: p.map((s) => s.code), name: p.map((s) => s.name),
    kind: p.map((s) => s.kind), stage: p.map((s) => s.stage), key: p.map((s) => (s.key ? 1 : 0)), floorArea: p.map((s) => s.floorArea),
    riskScore: p.map((s) => s.riskScore), riskGrade: p.map((s) => s.riskGrade), coverageRatio: p.map((s) => s.coverageRatio),
    cameras: p.map((s) => s.cameras), onlineCameras: p.map((s) => s.onlineCameras),
  }, 'wgs84')
}

/** The buffers a worker hands over instead of copying. */
export const columnBuffers = (c: SiteColumns): ArrayBuffer[] =>
  [c.ids, c.positions, c.kind, c.stage, c.grade, c.key, c.floorArea, c.riskScore, c.coverageRatio, c.cameras, c.onlineCameras,
    c.text, c.textOffsets].map((a) => a.buffer as ArrayBuffer)

const decoder = new TextDecoder()
const textAt = (c: SiteColumns, k: number) => decoder.decode(c.text.subarray(c.textOffsets[k], c.textOffsets[k + 1]))

/** Row i as the feature the panels, the tooltip and the footprints speak. */
export function siteAt(c: SiteColumns, i: number): SiteFeature {
  const properties: SiteProperties = {
    code: textAt(c, 2 * i), name: textAt(c, 2 * i + 1), kind: c.kinds[c.kind[i]], stage: c.stages[c.stage[i]], key: c.key[i] === 1,
    floorArea: c.floorArea[i], riskScore: orNull(c.riskScore[i]), riskGrade: GRADES[c.grade[i] - 1] ?? null,
    coverageRatio: orNull(c.coverageRatio[i]), cameras: c.cameras[i], onlineCameras: c.onlineCameras[i],
    ...(c.openHazards && c.overdueHazards ? { openHazards: c.openHazards[i], overdueHazards: c.overdueHazards[i] } : {}),
  }
  const geometry: Point = { type: 'Point', coordinates: [c.positions[2 * i], c.positions[2 * i + 1]] }
  return { type: 'Feature', id: c.ids[i], geometry, properties }
}

/** The row of a site id, or -1: ids are ascending, so a binary search. */
export function rowOf(c: SiteColumns, id: number): number {
  let [lo, hi] = [0, c.length - 1]
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (c.ids[mid] === id) return mid
    if (c.ids[mid] < id) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

/** The rows picked by `rows` (ascending), as columns of their own. */
export function selectRows(c: SiteColumns, rows: ArrayLike<number>): SiteColumns {
  const pick = <A extends Int32Array | Uint8Array | Float32Array>(a: A) => {
    const out = new (a.constructor as new (n: number) => A)(rows.length)
    for (let j = 0; j < rows.length; j++) out[j] = a[rows[j]]
    return out
  }
  const positions = new Float64Array(2 * rows.length)
  const textOffsets = new Uint32Array(2 * rows.length + 1)
  const texts: Uint8Array[] = []
  let at = 0
  for (let j = 0; j < rows.length; j++) {
    positions[2 * j] = c.positions[2 * rows[j]]
    positions[2 * j + 1] = c.positions[2 * rows[j] + 1]
    for (const k of [2 * rows[j], 2 * rows[j] + 1]) {
      texts.push(c.text.subarray(c.textOffsets[k], c.textOffsets[k + 1]))
      at += c.textOffsets[k + 1] - c.textOffsets[k]
      textOffsets[texts.length] = at
    }
  }
  const text = new Uint8Array(at)
  texts.forEach((t, k) => text.set(t, textOffsets[k]))
  return {
    ...c, length: rows.length, ids: pick(c.ids), positions, kind: pick(c.kind), stage: pick(c.stage), grade: pick(c.grade), key: pick(c.key),
    floorArea: pick(c.floorArea), riskScore: pick(c.riskScore), coverageRatio: pick(c.coverageRatio), cameras: pick(c.cameras),
    onlineCameras: pick(c.onlineCameras), text, textOffsets,
    openHazards: c.openHazards && pick(c.openHazards), overdueHazards: c.overdueHazards && pick(c.overdueHazards),
  }
}
