import type { ExportTable } from '../exports/formats.ts'
import type { DistrictProgressRow } from './campaign-progress.repo.ts'

/* A campaign's progress per district as an export table, headed in Chinese like every other export. */

export function progressTable(campaignName: string, rows: DistrictProgressRow[]): ExportTable {
  return {
    title: `${campaignName}进展`,
    columns: [
      { key: 'district', header: '辖区' }, { key: 'planned', header: '计划检查项目' }, { key: 'inspected', header: '已检查项目' },
      { key: 'inspections', header: '检查次数' }, { key: 'findings', header: '发现隐患' }, { key: 'majorFindings', header: '重大隐患' },
      { key: 'hazardsOpen', header: '未整改' }, { key: 'hazardsClosed', header: '已整改' }, { key: 'penalties', header: '行政处罚' },
      { key: 'followedThrough', header: '重大隐患“四个一律”落实' },
    ],
    rows: rows.map((r) => ({
      district: r.name, planned: r.planned, inspected: r.inspected, inspections: r.inspections, findings: r.findings, majorFindings: r.majorFindings,
      hazardsOpen: r.hazardsOpen, hazardsClosed: r.hazardsClosed, penalties: r.penalties, followedThrough: r.followedThrough,
    })),
    geometries: [],
  }
}
