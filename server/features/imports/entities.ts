import { type CellInput, type CellResult, readBoolean, readCode, readDate, readDateTime, readEnum, readIdentifier, readNumber, readText } from '../../domain/import-cells.ts'
import { VOCABULARIES, type Vocabulary } from '../../domain/import-vocabulary.ts'
import { CHEMICAL_IMPORT } from './chemicals.import.ts'
import { COMPLAINT_IMPORT } from './complaints.import.ts'
import { ENTERPRISE_IMPORT } from './enterprises.import.ts'
import { PEOPLE_IMPORT } from './people.import.ts'
import { SCAFFOLD_IMPORT } from './scaffold.import.ts'

/*
 * What each importable layer is made of: the columns an office's file may name (in Chinese or English), how each
 * cell is read, what a new record needs, and how the layer's key matches existing records. The importer's
 * pipeline is the same for all of them; only this table differs.
 */

export const IMPORT_ENTITIES = ['sites', 'grids', 'cameras', 'receptors', 'inspections', 'districts', 'devices', 'enterprises', 'people', 'complaints', 'chemicals', 'scaffold_samplings'] as const
export type ImportEntity = (typeof IMPORT_ENTITIES)[number]

export type SqlType = 'text' | 'float8' | 'int4' | 'bool' | 'date' | 'timestamptz' | 'text[]' | 'jsonb'
export interface Field {
  aliases: string[]
  read: (cell: CellInput) => CellResult<unknown>
  type: SqlType
  /** A coded column: its codes, their labels and the offices' other words for them (value mapping). */
  vocabulary?: Vocabulary
  /** A new record cannot be created without it (an update may leave it out). */
  required?: boolean
  /** The value a new record gets when the file has none; the README lists these. */
  fallback?: unknown
  /** Read from the file but not a column of the table (e.g. a site code resolved to site_id). */
  lookup?: boolean
}
export interface EntityDef {
  table: string
  /** `optional`: a new record may have no position (a complaint with only an address). */
  geometry: { column: string; kind: 'point' | 'polygon'; optional?: boolean } | null
  fields: Record<string, Field>
  /** The key that matches a row to an existing record; null when every row is a new record. */
  key: (record: Record<string, unknown>) => string | null
  /** The columns an update is matched on in SQL (the same identity as `key`). */
  match: string[]
  /** Columns not read from a cell (resolved from the geometry or a lookup, or made at write time), written with the fields. */
  resolved: Partial<Record<'district_id' | 'township_id' | 'grid_id' | 'site_id' | 'crane_id' | 'camera_id' | 'secret_sha256' | 'employer_id' | 'status' | 'lab_id' | 'manufacturer_id' | 'results' | 'verdict' | 'failed_samples', SqlType>>
  canCreate: boolean
  /** What no single cell shows: a check across a row's fields, as an issue code. */
  rowIssue?: (record: Record<string, unknown>) => string | null
  /** How a key is shown in a report, when it is not to be shown whole (a person's ID number, masked). */
  showKey?: (key: string) => string
}

const text = (max = 200) => (cell: CellInput) => readText(cell, max)
const number = (min: number, max: number) => (cell: CellInput) => readNumber(cell, min, max)
const coded = (vocabulary: Vocabulary) => ({ read: (cell: CellInput) => readEnum(cell, vocabulary.labels), vocabulary })
const identifier = (min: number, max: number) => (cell: CellInput) => readIdentifier(cell, min, max)
const wholeNumber = (min: number, max: number) => (cell: CellInput): CellResult<number> => {
  const result = readNumber(cell, min, max)
  return 'value' in result && result.value !== null && !Number.isInteger(result.value) ? { issue: 'invalid_number' } : result
}

// Codes are written with full-width digits and stray spaces as often as not; the code is the same.
const code = (aliases: string[]): Field => ({ aliases: ['code', ...aliases], read: (cell) => readCode(cell, 64), type: 'text', required: true })
const name: Field = { aliases: ['name', '名称', '项目名称', '工程名称'], read: text(200), type: 'text', required: true }

const SITE_FIELDS: Record<string, Field> = {
  code: code(['项目编号', '项目编码', '工程编号', '监督编号', '编号']),
  name,
  kind: { aliases: ['kind', 'type', '工程类型', '项目类型', '类型'], ...coded(VOCABULARIES.site_kind), type: 'text', required: true },
  stage: { aliases: ['stage', '施工阶段', '形象进度', '阶段'], ...coded(VOCABULARIES.site_stage), type: 'text', required: true },
  address: { aliases: ['address', '地址', '项目地址'], read: text(300), type: 'text' },
  floor_area_m2: { aliases: ['floorarea', 'flooraream2', '建筑面积', '建筑面积m2', '建筑面积㎡', '面积'], read: number(0, 1e8), type: 'float8', fallback: 0 },
  contract_value_wan: { aliases: ['contractvalue', 'contractvaluewan', '合同价', '合同价万元', '造价', '工程造价万元'], read: number(0, 1e9), type: 'float8', fallback: 0 },
  // A ledger often has no dates: the site is created with its period unknown (NULL), never a made-up day.
  start_date: { aliases: ['startdate', 'start', '开工日期', '开工时间', '实际开工日期', '计划开工日期'], read: readDate, type: 'date' },
  planned_end_date: { aliases: ['plannedenddate', 'end', '计划竣工日期', '竣工日期', '计划完工日期'], read: readDate, type: 'date' },
  // Parties are not columns of the site: each becomes a site_parties row matched to the registry (site-parties.import.ts).
  owner_org: { aliases: ['owner', 'ownerorg', '建设单位'], read: text(), type: 'text', required: true, lookup: true },
  contractor_org: { aliases: ['contractor', 'contractororg', '施工单位', '总包单位'], read: text(), type: 'text', required: true, lookup: true },
  supervisor_org: { aliases: ['supervisor', 'supervisororg', '监理单位'], read: text(), type: 'text', lookup: true },
  designer_org: { aliases: ['designer', 'designerorg', '设计单位'], read: text(), type: 'text', lookup: true },
  surveyor_org: { aliases: ['surveyor', 'surveyororg', '勘察单位'], read: text(), type: 'text', lookup: true },
  contractor_credit_code: { aliases: ['contractorcreditcode', 'creditcode', '统一社会信用代码', '施工单位统一社会信用代码', '施工单位信用代码'], read: (cell) => readCode(cell, 18), type: 'text', lookup: true },
  responsibility_docs_ok: { aliases: ['responsibilitydocsok', '责任书', '质量终身责任承诺书'], read: readBoolean, type: 'bool', fallback: false },
  // A site_staff row (safety_director) with the name as recorded. 持证率 and 信用等级 are computed from records now.
  safety_director: { aliases: ['safetydirector', '安全总监'], read: text(50), type: 'text', lookup: true },
}

export const ENTITIES: Record<ImportEntity, EntityDef> = {
  sites: {
    table: 'sites', geometry: { column: 'location', kind: 'point' }, fields: SITE_FIELDS,
    key: (r) => r.code as string, match: ['code'], resolved: { district_id: 'int4', grid_id: 'int4' }, canCreate: true,
    rowIssue: (r) => (r.start_date && r.planned_end_date && r.planned_end_date < r.start_date ? 'end_before_start' : null),
  },
  grids: {
    table: 'grids', geometry: { column: 'geom', kind: 'polygon' },
    fields: {
      code: code(['网格编号', '网格编码', '编号']),
      name: { ...name, aliases: ['name', '网格名称', '名称'] },
    },
    key: (r) => r.code as string, match: ['code'], resolved: { district_id: 'int4', township_id: 'int4' }, canCreate: true,
  },
  cameras: {
    table: 'cameras', geometry: { column: 'location', kind: 'point' },
    fields: {
      code: code(['设备编号', '摄像头编号', '点位编号', '编号']),
      site_code: { aliases: ['sitecode', '项目编号', '工程编号', '所属项目'], read: (cell) => readCode(cell, 64), type: 'text', required: true, lookup: true },
      purpose: { aliases: ['purpose', '用途', '类型'], ...coded(VOCABULARIES.camera_purpose), type: 'text', fallback: 'site_video' },
      heading_deg: { aliases: ['heading', 'headingdeg', '朝向', '方位角'], read: number(0, 359.999), type: 'float8', required: true },
      fov_deg: { aliases: ['fov', 'fovdeg', '视场角', '视角'], read: number(1, 360), type: 'float8', fallback: 90 },
      range_m: { aliases: ['range', 'rangem', '可视距离', '监控距离'], read: number(1, 2000), type: 'float8', fallback: 100 },
      online: { aliases: ['online', '在线', '在线状态', '状态'], read: readBoolean, type: 'bool', fallback: true },
    },
    key: (r) => r.code as string, match: ['code'], resolved: { site_id: 'int4' }, canCreate: true,
  },
  receptors: {
    table: 'sensitive_receptors', geometry: { column: 'location', kind: 'point' },
    fields: {
      kind: { aliases: ['kind', 'type', '类型', '类别'], ...coded(VOCABULARIES.receptor_kind), type: 'text', required: true },
      name: { ...name, aliases: ['name', '名称', '单位名称'] },
    },
    // Receptors have no code of their own: a school is the same school when its kind and name are.
    key: (r) => (r.kind && r.name ? `${r.kind}:${r.name}` : null), match: ['kind', 'name'], resolved: {}, canCreate: true,
  },
  inspections: {
    table: 'inspections', geometry: null,
    fields: {
      site_code: { aliases: ['sitecode', '项目编号', '工程编号'], read: (cell) => readCode(cell, 64), type: 'text', required: true, lookup: true },
      inspected_at: { aliases: ['inspectedat', 'time', '检查时间', '检查日期'], read: readDateTime, type: 'timestamptz', required: true },
      kind: { aliases: ['kind', 'type', '检查类型', '类型'], ...coded(VOCABULARIES.inspection_kind), type: 'text', required: true },
      score: { aliases: ['score', '得分', '评分'], read: number(0, 100), type: 'float8' },
      findings: { aliases: ['findings', '检查情况', '问题描述', '备注'], read: text(4000), type: 'text', fallback: '' },
    },
    // The same site, kind and minute is the same inspection: importing a file twice adds nothing.
    key: (r) => (r.site_code && r.inspected_at && r.kind ? `${r.site_code}|${Date.parse(r.inspected_at as string)}|${r.kind}` : null),
    match: [], resolved: { site_id: 'int4' }, canCreate: true,
  },
  districts: {
    table: 'districts', geometry: { column: 'geom', kind: 'polygon' },
    fields: {
      adcode: { aliases: ['adcode', '行政区划代码', '区划代码', '代码'], read: number(100000, 999999), type: 'int4', required: true },
      name: { ...name, required: false, aliases: ['name', '名称', '区县', '区县名称'] },
    },
    // District boundaries are replaced, never added: the districts themselves are the city's fixed frame.
    key: (r) => (r.adcode === null || r.adcode === undefined ? null : String(r.adcode)), match: ['adcode'], resolved: {}, canCreate: false,
  },
  devices: {
    table: 'devices', geometry: null,
    fields: {
      code: { aliases: ['code', '设备编号', '设备编码', '编号'], read: identifier(3, 64), type: 'text', required: true },
      kind: { aliases: ['kind', 'type', '设备类型', '类型'], ...coded(VOCABULARIES.device_kind), type: 'text', required: true },
      site_code: { aliases: ['sitecode', '项目编号', '工程编号', '所属项目'], read: (cell) => readCode(cell, 64), type: 'text', required: true, lookup: true },
      // The binding, checked against the kind and the site by devices.import.ts.
      crane_code: { aliases: ['cranecode', 'craneregistrationno', '起重机备案号', '塔吊备案号', '设备备案号', '备案号'], read: text(64), type: 'text', lookup: true },
      camera_code: { aliases: ['cameracode', '摄像头编号', '监控点位编号', '点位编号'], read: text(64), type: 'text', lookup: true },
      protocol: { aliases: ['protocol', '协议', '通信协议', '接入协议'], ...coded(VOCABULARIES.device_protocol), type: 'text', required: true },
      identity: { aliases: ['identity', 'mn', 'deviceid', '设备标识', '设备唯一标识', '数采仪编号'], read: identifier(1, 64), type: 'text', required: true },
      interval_s: { aliases: ['interval', 'intervals', '上报间隔', '上报间隔秒', '数据间隔'], read: wholeNumber(5, 86_400), type: 'int4', fallback: 60 },
    },
    // A registered device is left as it is: an import never changes a binding or reissues a secret.
    key: (r) => (r.code as string | undefined) ?? null, match: [],
    resolved: { site_id: 'int4', crane_id: 'int4', camera_id: 'int4', secret_sha256: 'text' }, canCreate: true,
  },
  enterprises: ENTERPRISE_IMPORT,
  people: PEOPLE_IMPORT,
  complaints: COMPLAINT_IMPORT,
  chemicals: CHEMICAL_IMPORT,
  scaffold_samplings: SCAFFOLD_IMPORT,
}

const LON = ['lon', 'lng', 'long', 'longitude', 'x', '经度', 'e', '东经']
const LAT = ['lat', 'latitude', 'y', '纬度', 'n', '北纬']
const GEOMETRY = ['wkt', 'geometry', 'geom', 'shape', '几何', '边界', '范围']
// Both in one cell ("120.62,31.30"). 坐标 alone normalises to nothing (it is a CRS word), so it is named whole.
const LON_LAT = ['lonlat', 'lnglat', 'coordinates', '经纬度', '坐标', '位置', '中心点', '中心坐标']

export const COORDINATE_ALIASES = { lon: LON, lat: LAT, lonlat: LON_LAT, geometry: GEOMETRY }
