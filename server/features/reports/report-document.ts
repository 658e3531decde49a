import { change, type Figure, type ReportContent, SECTION_KEYS, SECTION_TITLES, type SectionKey } from '../../domain/report-content.ts'
import type { ReportChart, ReportDocument, ReportSection } from '../../domain/report-document.ts'
import { toXlsxWorkbook } from '../exports/formats.ts'

/*
 * A report's content laid out as a document: a section per content section, each a table of this period against
 * the previous one and, where a comparison reads better drawn, a bar chart. The XLSX workbook is the same
 * document, a sheet per section, values only (exports/formats.ts writes no formulas).
 */

export interface Issue {
  code: string
  version: number
  /** The issuer's name; null when the monthly schedule issued it. */
  issuedBy: string | null
  /** When, as a Beijing ISO time or day. */
  issuedAt: string
}

const AUTHORITY = '苏州市住房和城乡建设局'
const COLUMNS = ['指标', '本期', '上期', '增减']

/** The figures each section charts (the breakdowns, not the totals and ratios above them); none for a small section. */
const CHARTED: Partial<Record<SectionKey, (f: Figure) => boolean>> = {
  projects: (f) => f.key !== 'total' && !f.key.startsWith('stage.'),
  inspections: (f) => f.key !== 'total' && f.key !== 'sites',
  notices: (f) => f.key !== 'total',
  hazards: (f) => ['found', 'closed', 'overdue'].includes(f.key),
  targets: () => true,
  keyProjects: (f) => f.key !== 'missingAfterDeadline',
  complaints: (f) => !['total', 'founded', 'closed'].includes(f.key),
}

function summaryOf(content: ReportContent, figures: Figure[]): string | undefined {
  const lead = figures[0]
  if (!lead || lead.current === null) return undefined
  const delta = change(lead)
  const versus = delta === null ? '' : `，较${content.previous.label}${delta > 0 ? `增加${delta}` : delta < 0 ? `减少${-delta}` : '持平'}`
  return `${lead.name}${lead.current}${versus}。`
}

function chartOf(figures: Figure[], chosen: (f: Figure) => boolean, content: ReportContent): ReportChart {
  const shown = figures.filter(chosen)
  return {
    kind: 'bar', categories: shown.map((f) => f.name),
    series: [{ name: content.period.label, data: shown.map((f) => f.current) }, { name: content.previous.label, data: shown.map((f) => f.previous) }],
  }
}

function rankingSection(content: ReportContent, index: number): ReportSection {
  const rows = content.ranking
  return {
    key: `${index} ${SECTION_TITLES.ranking}`, title: SECTION_TITLES.ranking,
    summary: rows.length === 0 ? '本期无排名快照。' : `按在监工地平均风险由高到低排列；名次变化为上期名次减本期名次（正数为风险排名上升）。`,
    table: {
      columns: ['本期名次', '区', '平均风险', '未销号隐患', '逾期隐患', '红色风险工地', '上期名次', '名次变化'],
      rows: rows.map((r) => [r.rank, r.name, r.meanRisk, r.openHazards, r.overdueHazards, r.redSites, r.previousRank,
        r.previousRank === null ? null : r.previousRank - r.rank]),
    },
    chart: rows.length === 0 ? undefined : { kind: 'bar', categories: rows.map((r) => r.name), series: [{ name: '平均风险', data: rows.map((r) => r.meanRisk) }] },
  }
}

export function reportDocument(content: ReportContent, issue: Issue): ReportDocument {
  const sections: ReportSection[] = SECTION_KEYS.map((key, i) => {
    const figures = content.sections[key]
    const chosen = CHARTED[key]
    return {
      key: `${i + 1} ${SECTION_TITLES[key]}`, title: SECTION_TITLES[key], summary: summaryOf(content, figures),
      table: { columns: COLUMNS, rows: figures.map((f) => [f.name, f.current, f.previous, change(f)]) },
      chart: chosen ? chartOf(figures, chosen, content) : undefined,
    }
  })
  sections.push(rankingSection(content, sections.length + 1))
  const version = issue.version > 1 ? `（第${issue.version}版）` : ''
  return {
    code: issue.code,
    title: `${content.area.name}建设工程监管${content.period.kind === 'year' ? '年度报告' : '定期报送'}（${content.period.label}）${version}`,
    issuedLine: `${AUTHORITY}${issue.issuedBy ? ` · ${issue.issuedBy}` : ' · 定期自动生成'} · ${issue.issuedAt.slice(0, 10)} 签发`,
    periodLine: `${content.period.label} · ${content.area.name} · ${content.period.start} 至 ${content.period.end}`,
    sections,
  }
}

/** The workbook: a sheet per section, named by its key, its table's columns as the header row. */
export async function reportWorkbook(doc: ReportDocument): Promise<Buffer> {
  return toXlsxWorkbook(doc.sections.map((section) => ({
    title: section.key,
    columns: section.table.columns.map((header, i) => ({ key: `c${i}`, header })),
    rows: section.table.rows.map((row) => Object.fromEntries(row.map((cell, i) => [`c${i}`, cell]))),
    geometries: [],
  })))
}
