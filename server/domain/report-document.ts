/*
 * A periodic report (定期报送, 年度报告) laid out for output: the same document becomes the XLSX workbook (one sheet
 * per section, values only) and the printable PDF (a table per section, with its chart). Pure data, built from a
 * report's content by features/reports.
 */

export type Cell = string | number | null

export interface ReportTable {
  columns: string[]
  rows: Cell[][]
}

export interface ReportChart {
  kind: 'bar' | 'line' | 'pie'
  /** The x axis (bar, line) or the slices (pie). */
  categories: string[]
  series: { name: string; data: (number | null)[] }[]
}

export interface ReportSection {
  /** Short and unique within the document: it names the XLSX sheet (at most 31 characters). */
  key: string
  title: string
  /** One or two sentences summarising the section, with the change against the previous period. */
  summary?: string
  table: ReportTable
  chart?: ReportChart
}

export interface ReportDocument {
  /** 苏建监报〔2026〕12号 */
  code: string
  title: string
  /** Who issued it and when, in words: 苏州市住房和城乡建设局 · 2026-12-01 签发 */
  issuedLine: string
  /** The period and area in words: 2026年11月 · 全市 */
  periodLine: string
  sections: ReportSection[]
}
