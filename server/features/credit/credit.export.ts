import { ENTERPRISE_KIND_ZH, ENTERPRISE_ORIGIN_ZH, type EnterpriseKind } from '../../domain/enterprise.ts'
import type { ExportTable } from '../exports/formats.ts'
import type { RankedFirm } from './credit.repo.ts'

/** The credit ranking as one table: what the screen lists, in its order, headed in Chinese like every export. */
export function rankingTable(items: RankedFirm[]): ExportTable {
  return {
    title: '企业信用排名',
    columns: [
      { key: 'position', header: '排名' }, { key: 'name', header: '企业名称' }, { key: 'kinds', header: '企业类型' },
      { key: 'origin', header: '本地/外地进苏' }, { key: 'score', header: '信用分' }, { key: 'grade', header: '信用等级' },
      { key: 'periodEnd', header: '评价截止' }, { key: 'activeSites', header: '在建项目数' },
    ],
    rows: items.map((f, i) => ({
      position: i + 1, name: f.name, kinds: f.kinds.map((k) => ENTERPRISE_KIND_ZH[k as EnterpriseKind] ?? k).join('、'),
      origin: ENTERPRISE_ORIGIN_ZH[f.origin as keyof typeof ENTERPRISE_ORIGIN_ZH] ?? f.origin,
      score: f.score, grade: f.grade, periodEnd: f.periodEnd, activeSites: f.activeSites,
    })),
    geometries: [],
  }
}
