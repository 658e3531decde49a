import gcoord, { type CRSTypes } from 'gcoord'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import proj4 from 'proj4'

/*
 * The sample set of issue 19: site sheets shaped the way Suzhou's offices keep them, each built from WGS-84
 * ground truth so a test can tell where every site must land. Coordinates are converted by the same tested
 * libraries an office's tools stand for (gcoord for AMap's GCJ-02 and Baidu's BD-09, proj4 for the survey grid),
 * never by the importer under test. The workbook-shaped ledger is in office-workbook.ts.
 */

/** Where a site must end up (WGS-84), under the code the importer must read from the sheet. */
export interface Truth { code: string; lon: number; lat: number; startDate?: string | null; plannedEndDate?: string | null }
export interface OfficeSheet { file: File; truth: Truth[] }

/**
 * Suzhou's urban districts (姑苏, 虎丘, 吴中, 相城, 工业园区): every point of this box lies inside a seeded
 * district boundary (the test re-checks each truth against the `districts` table).
 */
const BOX = { west: 120.56, east: 120.74, south: 31.26, north: 31.35 }

const round = (value: number, digits: number) => Number(value.toFixed(digits))

/** `n` positions spread over the box, the same for the same prefix (mulberry32 seeded by the prefix). */
export function truthPositions(prefix: string, n: number): [number, number][] {
  let state = [...prefix].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Array.from({ length: n }, () => [round(BOX.west + next() * (BOX.east - BOX.west), 6), round(BOX.south + next() * (BOX.north - BOX.south), 6)])
}

export const siteCode = (prefix: string, i: number) => `${prefix}-${String(i + 1).padStart(3, '0')}`

const STATIONS = ['狮山路', '塔园路', '石路', '广济南路', '养育巷', '乐桥', '临顿路', '相门', '东环路', '星海街', '时代广场', '星湖街']
const OWNERS = ['苏州市轨道交通集团有限公司', '苏州城市建设投资发展有限责任公司', '苏州工业园区城市重建有限公司']
const CONTRACTORS = ['中铁十局集团有限公司', '中交第三航务工程局有限公司', '苏州第一建筑集团有限公司', '中建八局第三建设有限公司']
const KINDS = ['房屋建筑', '市政', '轨道交通']
const STAGES = ['土方/基础', '主体结构', '装饰装修']

/** The cells every site sheet has besides its code and position, in the office's known labels. */
function siteCells(prefix: string, i: number) {
  return {
    项目编号: siteCode(prefix, i), 项目名称: `${STATIONS[i % STATIONS.length]}片区${prefix}第${i + 1}标段工程`,
    工程类型: KINDS[i % KINDS.length], 施工阶段: STAGES[i % STAGES.length],
    建设单位: OWNERS[i % OWNERS.length], 施工单位: CONTRACTORS[i % CONTRACTORS.length],
  }
}

type Cells = Record<string, string | number>

function csv(rows: Cells[], name: string, options: { encoding?: 'gb18030' | 'utf-8'; bom?: boolean } = {}): File {
  // Excel on Windows writes CRLF; its "CSV UTF-8" starts with a byte-order mark.
  const text = Papa.unparse(rows, { newline: '\r\n' })
  const bytes = options.encoding === 'gb18030' ? new Uint8Array(iconv.encode(text, 'gb18030')) : new TextEncoder().encode(`${options.bom ? '\uFEFF' : ''}${text}`)
  return new File([bytes], name, { type: 'text/csv' })
}

export const LEDGER_HEADERS = ['项目编号', '项目名称', '工程类别', '施工阶段', '经度', '纬度', '建设单位', '施工单位'] as const
/** The one stage value the importer's vocabulary does not know as a label: 土方/基础 in the office's words. */
export const ODD_STAGE = '基础施工'

/**
 * The district rail office's project ledger of issue 19: 40 rows, GB18030 with CRLF, positions copied from AMap
 * (GCJ-02, 6 decimals as AMap's picker gives them), no dates, 工程类别 instead of a known header, and 基础施工 on
 * every 8th row. Only the file name says the coordinates are AMap's. Another `year` (or `prefix`) builds the
 * next ledger: the same headers, new codes.
 */
export function railLedger(options: { prefix?: string; year?: number } = {}): OfficeSheet & { oddStageRows: number } {
  const year = options.year ?? 2021
  const prefix = options.prefix ?? `GD${year}`
  const truth = truthPositions(prefix, 40).map(([lon, lat], i) => ({ code: siteCode(prefix, i), lon, lat }))
  const rows = truth.map((t, i) => {
    const [lon, lat] = gcoord.transform([t.lon, t.lat], gcoord.WGS84, gcoord.GCJ02).map((v) => round(v, 6))
    const municipal = i % 5 === 4
    return {
      项目编号: t.code,
      项目名称: municipal ? `${STATIONS[i % STATIONS.length]}站配套道路改造工程` : `苏州市轨道交通${6 + (i % 3)}号线${STATIONS[i % STATIONS.length]}站土建工程`,
      工程类别: municipal ? '市政' : '轨道交通',
      施工阶段: i % 8 === 2 ? ODD_STAGE : STAGES[i % STAGES.length],
      经度: lon, 纬度: lat, 建设单位: OWNERS[0], 施工单位: CONTRACTORS[i % CONTRACTORS.length],
    }
  })
  return { file: csv(rows, `${year}年轨道交通在建项目台账（高德坐标）.csv`, { encoding: 'gb18030' }), truth, oddStageRows: rows.filter((r) => r.施工阶段 === ODD_STAGE).length }
}

/** Both coordinates in one cell, the way they are pasted from a map's "copy coordinates": `120.62,31.30`. */
export function pairSheet(prefix = 'ZB', n = 8): OfficeSheet {
  const truth = truthPositions(prefix, n).map(([lon, lat], i) => ({ code: siteCode(prefix, i), lon, lat }))
  // Mostly the plain form; a few in the other ways people write a pair (full-width comma, brackets, a space).
  const forms = [(x: number, y: number) => `${x},${y}`, (x: number, y: number) => `${x}，${y}`, (x: number, y: number) => `(${x}, ${y})`, (x: number, y: number) => `${x} ${y}`]
  const rows = truth.map((t, i) => {
    const { 项目编号, 项目名称, 工程类型, 施工阶段, 建设单位, 施工单位 } = siteCells(prefix, i)
    return { 项目编号, 项目名称, 工程类型, 施工阶段, 经纬度: forms[i < 4 ? 0 : i % forms.length](t.lon, t.lat), 建设单位, 施工单位 }
  })
  return { file: csv(rows, '在建工地坐标清单.csv'), truth }
}

/** Degrees, minutes and seconds (tenths), as surveyors' forms and older GPS units write them. */
function dms(value: number, style: number, hemisphere: 'E' | 'N'): string {
  const tenths = Math.round(value * 36000)
  const [d, m, s] = [Math.floor(tenths / 36000), Math.floor((tenths % 36000) / 600), (tenths % 600) / 10]
  const ss = s.toFixed(s % 1 === 0 ? 0 : 1).padStart(s % 1 === 0 ? 2 : 4, '0')
  const mm = String(m).padStart(2, '0')
  return [`${d}°${mm}′${ss}″`, `${d}°${mm}'${ss}"`, `${d}度${mm}分${ss}秒`, `${d}°${mm}′${ss}″${hemisphere}`][style]
}

/** Coordinates in degree-minute-second (`120°37′12″`, `31°18′00″`), some to a tenth of a second; WGS-84 (GPS). */
export function dmsSheet(prefix = 'DMS', n = 8): OfficeSheet {
  // The truth is the sheet's own value: a whole second is ~30 m, so the generated position is snapped to the tenth.
  const snap = (v: number) => Math.round(v * 36000) / 36000
  const truth = truthPositions(prefix, n).map(([lon, lat], i) => ({ code: siteCode(prefix, i), lon: snap(lon), lat: snap(lat) }))
  const rows = truth.map((t, i) => {
    const { 项目编号, 项目名称, 工程类型, 施工阶段, 建设单位, 施工单位 } = siteCells(prefix, i)
    return { 项目编号, 项目名称, 工程类型, 施工阶段, 经度: dms(t.lon, i % 4, 'E'), 纬度: dms(t.lat, i % 4, 'N'), 建设单位, 施工单位 }
  })
  return { file: csv(rows, '工地GPS定位表.csv'), truth }
}

/** Positions copied from Baidu Maps (BD-09), under headers that say so. */
export function bd09Sheet(prefix = 'BD', n = 8): OfficeSheet {
  return degreeSheet(prefix, n, gcoord.BD09, ['百度经度', '百度纬度'], '项目点位（百度地图拾取）.csv', {})
}

/** Positions copied from AMap (GCJ-02), under headers that say so; saved by Excel as "CSV UTF-8" (with a BOM). */
export function gcj02Sheet(prefix = 'GCJ', n = 8): OfficeSheet {
  return degreeSheet(prefix, n, gcoord.GCJ02, ['高德经度', '高德纬度'], '项目点位.csv', { bom: true })
}

function degreeSheet(prefix: string, n: number, crs: CRSTypes, [lonHeader, latHeader]: string[], name: string, options: { bom?: boolean }): OfficeSheet {
  const truth = truthPositions(prefix, n).map(([lon, lat], i) => ({ code: siteCode(prefix, i), lon, lat }))
  const rows = truth.map((t, i) => {
    const [lon, lat] = gcoord.transform([t.lon, t.lat], gcoord.WGS84, crs).map((v) => round(v, 6))
    return { ...siteCells(prefix, i), [lonHeader]: lon, [latHeader]: lat }
  })
  return { file: csv(rows, name, options), truth }
}

/** EPSG:4549, the CGCS2000 3° Gauss–Krüger zone at 120°E that Suzhou's survey offices work in (no zone number). */
export const GK120 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'

/**
 * A survey office's sheet on the Gauss–Krüger grid, in metres to the millimetre, with the surveyors' axes:
 * X is the northing (≈ 3,46x,xxx) and Y the easting (≈ 5xx,xxx), the opposite of a map's x and y.
 */
export function gaussKrugerSheet(prefix = 'GK', n = 8): OfficeSheet {
  const toGrid = proj4('EPSG:4326', GK120)
  const truth = truthPositions(prefix, n).map(([lon, lat], i) => ({ code: siteCode(prefix, i), lon, lat }))
  const rows = truth.map((t, i) => {
    const [easting, northing] = toGrid.forward([t.lon, t.lat])
    return { ...siteCells(prefix, i), X坐标: northing.toFixed(3), Y坐标: easting.toFixed(3) }
  })
  return { file: csv(rows, '测绘成果-项目控制点.csv'), truth }
}
