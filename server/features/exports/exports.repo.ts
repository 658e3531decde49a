import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { GRADE_ZH, KIND_ZH, STAGE_ZH } from '../../domain/labels-zh.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import type { Cell, ExportColumn, ExportTable } from './formats.ts'

/** The columns every export of sites has, in this order; lists add theirs after them. */
export const SITE_COLUMNS: ExportColumn[] = [
  { key: 'code', header: '项目编号' }, { key: 'name', header: '项目名称' }, { key: 'district', header: '所属区' },
  { key: 'grid', header: '网格' }, { key: 'kind', header: '工程类别' }, { key: 'stage', header: '施工阶段' },
  { key: 'floorAreaM2', header: '建筑面积(m²)' }, { key: 'riskGrade', header: '风险等级' }, { key: 'riskScore', header: '风险分' },
  { key: 'keyProjectRank', header: '扬尘重点项目序号' }, { key: 'contractor', header: '施工单位' }, { key: 'address', header: '地址' },
  { key: 'lon', header: '经度(WGS-84)' }, { key: 'lat', header: '纬度(WGS-84)' },
]

interface SiteRow { id: number; code: string; name: string; district: string; grid: string | null; kind: keyof typeof KIND_ZH
  stage: keyof typeof STAGE_ZH; floorAreaM2: number; riskGrade: keyof typeof GRADE_ZH | null; riskScore: number | null
  keyProjectRank: number | null; contractor: string | null; address: string | null; lon: number; lat: number }

/**
 * The listed sites in the given order, each with `extra` columns, as one table. Sites outside the caller's scope
 * are left out, so an export never shows more than the screen could.
 */
export async function siteTable(db: Kysely<DB>, scope: SiteScope, title: string, ids: number[],
  extra: { columns: ExportColumn[]; values: Map<number, Record<string, Cell>> } = { columns: [], values: new Map() }): Promise<ExportTable> {
  const { rows } = ids.length ? await sql<SiteRow>`
    SELECT s.id, s.code, s.name, d.name AS district, g.name AS grid, s.kind, s.stage, round(s.floor_area_m2)::float8 AS "floorAreaM2",
      r.grade AS "riskGrade", round(r.score::numeric, 1)::float8 AS "riskScore", k.rank AS "keyProjectRank",
      (SELECT coalesce(e.name, sp.recorded_name) FROM site_parties sp LEFT JOIN enterprises e ON e.id = sp.enterprise_id
       WHERE sp.site_id = s.id AND sp.role = 'contractor') AS contractor, s.address,
      round(ST_X(s.location)::numeric, 6)::float8 AS lon, round(ST_Y(s.location)::numeric, 6)::float8 AS lat
    FROM sites s JOIN districts d ON d.id = s.district_id LEFT JOIN grids g ON g.id = s.grid_id
    LEFT JOIN site_risk r ON r.site_id = s.id LEFT JOIN key_projects k ON k.site_id = s.id
    WHERE s.id IN (${sql.join(ids)}) AND ${inSiteScope(scope)}`.execute(db) : { rows: [] as SiteRow[] }
  const byId = new Map(rows.map((r) => [r.id, r]))
  const ordered = ids.flatMap((id) => byId.get(id) ?? [])
  return {
    title,
    columns: [...SITE_COLUMNS, ...extra.columns],
    rows: ordered.map(({ id, kind, stage, riskGrade, ...r }) => ({
      ...r, kind: KIND_ZH[kind], stage: STAGE_ZH[stage], riskGrade: riskGrade ? GRADE_ZH[riskGrade] : null, ...extra.values.get(id),
    })),
    geometries: ordered.map((r) => ({ type: 'Point', coordinates: [r.lon, r.lat] })),
  }
}
