import { ENTERPRISE_KIND_ZH, ENTERPRISE_KINDS, ENTERPRISE_ORIGIN_ZH, type EnterpriseKind } from '../../domain/enterprise.ts'
import type { ExportTable } from '../exports/formats.ts'

/* The enterprise list as an export table, headed in Chinese like every other export (offices open it in Excel). */


interface Row { creditCode: string; name: string; kinds: string[]; origin: string; registeredPlace: string; credit: { grade: string; score: number } | null; activeSites: number }

export function enterpriseTable(rows: Row[]): ExportTable {
  return {
    title: '企业库',
    columns: [
      { key: 'creditCode', header: '统一社会信用代码' }, { key: 'name', header: '企业名称' }, { key: 'kinds', header: '企业类型' },
      { key: 'origin', header: '本地/外地进苏' }, { key: 'registeredPlace', header: '注册地' }, { key: 'creditGrade', header: '信用等级' },
      { key: 'creditScore', header: '信用分' }, { key: 'activeSites', header: '在建项目数' },
    ],
    rows: rows.map((r) => ({
      creditCode: r.creditCode, name: r.name, registeredPlace: r.registeredPlace, activeSites: r.activeSites,
      kinds: r.kinds.filter((k): k is EnterpriseKind => (ENTERPRISE_KINDS as readonly string[]).includes(k)).map((k) => ENTERPRISE_KIND_ZH[k]).join('、'),
      origin: ENTERPRISE_ORIGIN_ZH[r.origin as keyof typeof ENTERPRISE_ORIGIN_ZH] ?? r.origin, creditGrade: r.credit?.grade ?? null, creditScore: r.credit?.score ?? null,
    })),
    geometries: [],
  }
}
