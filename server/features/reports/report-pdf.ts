import { readFile } from 'node:fs/promises'
import PDFDocument from 'pdfkit'
import SVGtoPDF from 'svg-to-pdfkit'
import type { Cell, ReportDocument, ReportSection, ReportTable } from '../../domain/report-document.ts'
import { formatNumber, renderChartSvg } from './report-charts.ts'

/*
 * The printable report: A4 portrait, a title block, then per section its heading, summary, chart and table, with
 * 第 N 页 / 共 M 页 at the foot of every page. Chinese text is set in Noto Sans SC, subset to GB 2312 and committed
 * under assets/fonts (see its README), found relative to this module so any cwd works. PDFKit embeds only the
 * glyphs used. A character outside the subset (a rare name) does not fail: it prints as the font's .notdef box.
 */

type Pdf = PDFKit.PDFDocument

// Resolved against this file, not the cwd: the same path under tsx, vitest and `npm start`.
const FONT_FILES = {
  regular: new URL('../../../assets/fonts/NotoSansSC-Regular.ttf', import.meta.url),
  bold: new URL('../../../assets/fonts/NotoSansSC-Bold.ttf', import.meta.url),
}
const REGULAR = 'NotoSansSC'
const BOLD = 'NotoSansSC-Bold'

const MARGIN = { top: 64, bottom: 60, left: 56, right: 56 }
const COLOR = { ink: '#1a1a1a', muted: '#595959', red: '#c00000', accent: '#2f5597', grid: '#a6a6a6', head: '#e8eef7', zebra: '#f7f9fc' }
const CHART_HEIGHT = 210
const TABLE = { size: 8.5, padX: 4, padY: 3.5 }

export async function renderReportPdf(doc: ReportDocument): Promise<Uint8Array<ArrayBuffer>> {
  const [regular, bold] = await Promise.all([readFile(FONT_FILES.regular), readFile(FONT_FILES.bold)])
  const pdf = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, lang: 'zh-CN', displayTitle: true,
    info: { Title: doc.title, Subject: `${doc.code} ${doc.periodLine}`, Creator: 'SiteGrid' },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A plain Uint8Array over its own ArrayBuffer, not a Buffer: pdf.js refuses Buffers, and Hono's c.body wants
    // Uint8Array<ArrayBuffer>.
    pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    pdf.on('error', reject)
  })
  pdf.registerFont(REGULAR, regular)
  pdf.registerFont(BOLD, bold)

  titleBlock(pdf, doc)
  doc.sections.forEach((section, i) => renderSection(pdf, section, i))
  pageFurniture(pdf, doc)
  pdf.end()
  return done
}

const contentWidth = (pdf: Pdf) => pdf.page.width - MARGIN.left - MARGIN.right
const pageBottom = (pdf: Pdf) => pdf.page.height - MARGIN.bottom

/** Starts a new page unless `height` points still fit below the cursor. */
function ensureSpace(pdf: Pdf, height: number) {
  if (pdf.y + height > pageBottom(pdf) && pdf.y > MARGIN.top) pdf.addPage()
}

// The look of a 红头 document: red title, the number under it, a red double rule, then period and issuer.
function titleBlock(pdf: Pdf, doc: ReportDocument) {
  const width = contentWidth(pdf)
  pdf.font(BOLD).fontSize(21).fillColor(COLOR.red)
    .text(doc.title, MARGIN.left, MARGIN.top + 8, { width, align: 'center', lineGap: 4 })
  pdf.moveDown(0.5).font(REGULAR).fontSize(12).fillColor(COLOR.ink).text(doc.code, { width, align: 'center' })
  const rule = pdf.y + 8
  pdf.rect(MARGIN.left, rule, width, 1.8).fill(COLOR.red)
  pdf.rect(MARGIN.left, rule + 3.4, width, 0.6).fill(COLOR.red)
  const line = rule + 12
  pdf.font(REGULAR).fontSize(10).fillColor(COLOR.muted)
    .text(doc.periodLine, MARGIN.left, line, { width: width / 2, lineBreak: false })
    .text(doc.issuedLine, MARGIN.left + width / 2, line, { width: width / 2, align: 'right', lineBreak: false })
  pdf.x = MARGIN.left
  pdf.y = line + 30
}

function renderSection(pdf: Pdf, section: ReportSection, index: number) {
  const width = contentWidth(pdf)
  const heading = /^[一二三四五六七八九十]+、/.test(section.title) ? section.title : `${chineseNumeral(index + 1)}、${section.title}`
  pdf.font(REGULAR).fontSize(10.5)
  const summary = section.summary ? pdf.heightOfString(section.summary, { width, indent: 21, lineGap: 3 }) + 8 : 0
  const table = section.table.columns.length ? layoutTable(pdf, section.table) : null
  // A section that fits on a page is not split across two; a longer one keeps at least its heading, summary and
  // chart (or first table rows) together.
  const whole = 30 + summary + (section.chart ? CHART_HEIGHT + 8 : 0) + (table?.height ?? 0)
  ensureSpace(pdf, whole <= pageBottom(pdf) - MARGIN.top ? whole : 30 + summary + (section.chart ? CHART_HEIGHT : 60))

  const top = pdf.y
  pdf.rect(MARGIN.left, top + 1, 3.5, 15).fill(COLOR.accent)
  pdf.font(BOLD).fontSize(13.5).fillColor(COLOR.ink).text(heading, MARGIN.left + 10, top, { width: width - 10 })
  pdf.outline.addItem(heading)
  pdf.x = MARGIN.left
  pdf.y += 5
  if (section.summary) {
    pdf.font(REGULAR).fontSize(10.5).fillColor(COLOR.ink).text(section.summary, { width, indent: 21, lineGap: 3 })
    pdf.y += 8
  }
  if (section.chart) {
    ensureSpace(pdf, CHART_HEIGHT)
    const svg = renderChartSvg(section.chart, width, CHART_HEIGHT)
    SVGtoPDF(pdf, svg, MARGIN.left, pdf.y, {
      width, height: CHART_HEIGHT, assumePt: true,
      fontCallback: (_family, bold) => (bold ? BOLD : REGULAR),
    })
    pdf.x = MARGIN.left
    pdf.y += CHART_HEIGHT + 8
  }
  if (table) drawTable(pdf, table, heading)
  pdf.y += 18
}

type Align = 'left' | 'center' | 'right'

interface TableLayout {
  columns: string[]
  rows: string[][]
  widths: number[]
  aligns: Align[]
  headHeight: number
  rowHeights: number[]
  /** Header and all rows, as if on one page. */
  height: number
}

/** Cell texts, column widths and row heights, measured before anything is drawn so the page breaks can be planned. */
function layoutTable(pdf: Pdf, table: ReportTable): TableLayout {
  const rows = table.rows.map((row) => table.columns.map((_, c) => formatCell(row[c] ?? null)))
  // Numbers (and percentages) align right when the whole column is numeric.
  const aligns = table.columns.map((_, c): Align =>
    rows.length > 0 && rows.every((row, r) => table.rows[r][c] == null || NUMERIC.test(row[c])) ? 'right' : 'left')
  const widths = columnWidths(pdf, table.columns, rows, contentWidth(pdf))
  const heightOf = (cells: string[], font: string) => {
    pdf.font(font).fontSize(TABLE.size)
    const lines = cells.map((cell, c) => pdf.heightOfString(cell || ' ', { width: widths[c] - 2 * TABLE.padX }))
    return Math.max(...lines) + 2 * TABLE.padY
  }
  const headHeight = heightOf(table.columns, BOLD)
  const rowHeights = rows.length ? rows.map((cells) => heightOf(cells, REGULAR)) : [headHeight]
  const height = headHeight + rowHeights.reduce((a, b) => a + b, 0)
  return { columns: table.columns, rows, widths, aligns, headHeight, rowHeights, height }
}

/** A ruled table over the full width; rows never split, and every page a table reaches repeats its header row. */
function drawTable(pdf: Pdf, t: TableLayout, heading: string) {
  const head = () => drawRow(pdf, t.columns, t.widths, t.columns.map(() => 'center'), t.headHeight, BOLD, COLOR.head)
  ensureSpace(pdf, Math.min(t.height, t.headHeight + t.rowHeights.slice(0, 3).reduce((a, b) => a + b, 0)))
  head()
  if (!t.rows.length) {
    drawRow(pdf, ['本期无数据'], [contentWidth(pdf)], ['center'], t.headHeight, REGULAR, null)
    return
  }
  t.rows.forEach((cells, r) => {
    if (pdf.y + t.rowHeights[r] > pageBottom(pdf)) {
      pdf.addPage()
      pdf.font(REGULAR).fontSize(8.5).fillColor(COLOR.muted).text(`${heading}（续表）`, MARGIN.left, pdf.y)
      pdf.y += 3
      head()
    }
    drawRow(pdf, cells, t.widths, t.aligns, t.rowHeights[r], REGULAR, r % 2 ? COLOR.zebra : null)
  })
}

function drawRow(pdf: Pdf, cells: string[], widths: number[], aligns: Align[], height: number, font: string, fill: string | null) {
  const top = pdf.y
  const total = widths.reduce((a, b) => a + b, 0)
  if (fill) pdf.rect(MARGIN.left, top, total, height).fill(fill)
  pdf.font(font).fontSize(TABLE.size).fillColor(COLOR.ink)
  let x = MARGIN.left
  cells.forEach((cell, c) => {
    pdf.text(cell, x + TABLE.padX, top + TABLE.padY, { width: widths[c] - 2 * TABLE.padX, align: aligns[c] })
    x += widths[c]
  })
  pdf.lineWidth(0.5).strokeColor(COLOR.grid).rect(MARGIN.left, top, total, height)
  x = MARGIN.left
  for (const w of widths.slice(0, -1)) {
    x += w
    pdf.moveTo(x, top).lineTo(x, top + height)
  }
  pdf.stroke()
  pdf.x = MARGIN.left
  pdf.y = top + height
}

/**
 * Each column's natural width (its widest cell), stretched to fill the line; when they do not fit, the narrow
 * columns keep theirs and the wide ones share what is left equally, wrapping their text.
 */
function columnWidths(pdf: Pdf, columns: string[], rows: string[][], total: number): number[] {
  const natural = columns.map((header, c) => {
    pdf.font(BOLD).fontSize(TABLE.size)
    let widest = pdf.widthOfString(header)
    pdf.font(REGULAR)
    for (const row of rows) widest = Math.max(widest, pdf.widthOfString(row[c]))
    return widest + 2 * TABLE.padX + 1
  })
  const sum = natural.reduce((a, b) => a + b, 0)
  if (sum <= total) return natural.map((w) => (w * total) / sum)
  const widths = [...natural]
  let remaining = total
  const order = natural.map((_, c) => c).sort((a, b) => natural[a] - natural[b])
  order.forEach((c, k) => {
    const share = remaining / (order.length - k)
    widths[c] = Math.min(natural[c], share)
    remaining -= widths[c]
  })
  return widths
}

const NUMERIC = /^[-+−]?[\d,]*\.?\d+\s*%?$|^—$/

function formatCell(cell: Cell): string {
  if (cell == null) return '—'
  return typeof cell === 'number' ? formatNumber(cell) : cell
}

/** Running header from page 2 and the page numbers on every page, written once the page count is known. */
function pageFurniture(pdf: Pdf, doc: ReportDocument) {
  const { start, count } = pdf.bufferedPageRange()
  for (let i = 0; i < count; i++) {
    pdf.switchToPage(start + i)
    const width = contentWidth(pdf)
    // Text in the bottom margin would otherwise make PDFKit start a new page.
    pdf.page.margins.bottom = 0
    pdf.font(REGULAR).fontSize(9).fillColor(COLOR.muted)
      .text(`第 ${i + 1} 页 / 共 ${count} 页`, MARGIN.left, pdf.page.height - 40, { width, align: 'center', lineBreak: false })
    if (i > 0) {
      pdf.fontSize(8.5)
        .text(doc.code, MARGIN.left, 38, { width: width / 2, lineBreak: false })
        .text(doc.periodLine, MARGIN.left + width / 2, 38, { width: width / 2, align: 'right', lineBreak: false })
      pdf.lineWidth(0.5).strokeColor(COLOR.grid).moveTo(MARGIN.left, 52).lineTo(MARGIN.left + width, 52).stroke()
    }
    pdf.page.margins.bottom = MARGIN.bottom
  }
}

const DIGITS = '零一二三四五六七八九'

/** 1 → 一, 12 → 十二, 23 → 二十三: section numbers the way Chinese reports write them. */
function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n]
  const tens = Math.floor(n / 10)
  const ones = n % 10
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones ? DIGITS[ones] : ''}`
}
