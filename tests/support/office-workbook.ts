import ExcelJS from 'exceljs'
import { type OfficeSheet, siteCode, type Truth, truthPositions } from './office-sheets.ts'

/*
 * The ledger as an office keeps it in Excel (ExcelJS writes it, as Excel would): a merged title row, who filled it
 * in and when, the header on row 3, blank rows between groups, a hidden helper column, a totals row, codes and
 * coordinates typed with the IME's full-width digits and spaces, and dates in every form a ledger collects.
 */

export const WORKBOOK_HEADERS = ['序号', '项目编号', '项目名称', '项目地址（旧）', '工程类型', '施工阶段', '经度', '纬度', '开工日期', '计划竣工日期', '建设单位', '施工单位']
/** An old address column the office hid: its header is a known alias, so only its being hidden keeps it out. */
export const HIDDEN_COLUMN = '项目地址（旧）'

/** ASCII as the Chinese IME's full-width forms (１２０．６２, ＧＤ－２０２１). */
const wide = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
const IDEOGRAPHIC_SPACE = '\u3000'

type DateCell = string | number | Date | null
/** A start and a planned end per row, each as the office wrote it, with the calendar day a person reads in it. */
const DATES: [[DateCell, string | null], [DateCell, string | null]][] = [
  [['2021.3.8', '2021-03-08'], ['2023.12.31', '2023-12-31']],
  [['2021-04', '2021-04-01'], ['2023-06', '2023-06-01']],
  [['21/5/6', '2021-05-06'], ['23/6/30', '2023-06-30']],
  // Excel serial day numbers in cells that are not date-formatted: what a pasted or exported column leaves.
  [[44256, '2021-03-01'], [45291, '2023-12-31']],
  [['2021年6月', '2021-06-01'], ['2024年3月', '2024-03-01']],
  [[new Date(Date.UTC(2021, 6, 12)), '2021-07-12'], [new Date(Date.UTC(2024, 0, 15)), '2024-01-15']],
  [[wide('2021.8.2'), '2021-08-02'], [wide('2024.6.30'), '2024-06-30']],
  [['44300', '2021-04-14'], ['45473', '2024-06-30']],
  [['2021.9.1', '2021-09-01'], [null, null]],
]
const STAGES = ['土方/基础', '主体结构', '装饰装修', '主体结构', '土方/基础', `主体${IDEOGRAPHIC_SPACE}结构`]
const KINDS = ['轨道交通', '市政', '房屋建筑']

/** A code as typed: plain, full-width, padded with ideographic spaces, or with spaces around its dashes. */
function typedCode(code: string, i: number): string {
  return [code, wide(code), `${IDEOGRAPHIC_SPACE}${wide(code)}${IDEOGRAPHIC_SPACE}`, code.replaceAll('-', ' - ')][i % 4]
}

/** A coordinate as typed: a number cell, or full-width digits with a trailing ideographic space. */
const typedCoordinate = (value: number, i: number) => (i % 2 === 0 ? value : `${wide(String(value))}${IDEOGRAPHIC_SPACE}`)

export interface OfficeWorkbook extends OfficeSheet {
  /** 1-based sheet rows: the header, each site's row (in truth order), the totals row. */
  headerRow: number
  lines: number[]
  totalsLine: number
}

/** The 吴中区 ledger: `n` sites (dates on the first nine, none on the rest), a blank row after every fourth. */
export async function ledgerWorkbook(prefix = 'WZ2021', n = 12): Promise<OfficeWorkbook> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('在建项目')
  const last = WORKBOOK_HEADERS.length
  sheet.mergeCells(1, 1, 1, last)
  sheet.getCell(1, 1).value = '2021年轨道交通在建项目台账'
  sheet.getCell(1, 1).font = { bold: true, size: 16 }
  sheet.getCell(1, 1).alignment = { horizontal: 'center' }
  sheet.mergeCells(2, 1, 2, last)
  sheet.getCell(2, 1).value = '填报单位：吴中区住建局    填报日期：2021年3月'
  const headerRow = 3
  sheet.getRow(headerRow).values = WORKBOOK_HEADERS
  sheet.getColumn(WORKBOOK_HEADERS.indexOf(HIDDEN_COLUMN) + 1).hidden = true

  const truth: Truth[] = []
  const lines: number[] = []
  let line = headerRow + 1
  truthPositions(prefix, n).forEach(([lon, lat], i) => {
    const [[start, startDate], [end, plannedEndDate]] = DATES[i] ?? [[null, null], [null, null]]
    truth.push({ code: siteCode(prefix, i), lon, lat, startDate, plannedEndDate })
    lines.push(line)
    const row = sheet.getRow(line)
    row.values = [
      i + 1, typedCode(siteCode(prefix, i), i), `吴中区${['宝带西路', '东吴北路', '石湖东路'][i % 3]}${i + 1}号地块工程`, `吴中区旧址${i + 1}号`,
      KINDS[i % KINDS.length], STAGES[i % STAGES.length], typedCoordinate(lon, i), typedCoordinate(lat, i), start, end,
      '苏州市吴中城市建设投资有限公司', '中建八局第三建设有限公司',
    ]
    for (const column of [9, 10]) if (row.getCell(column).value instanceof Date) row.getCell(column).numFmt = 'yyyy"年"m"月"d"日"'
    line += 1
    // A blank row between groups: left untouched once, and once only bordered (as a table's ruled lines leave it).
    if (i === 3) line += 1
    if (i === 7) {
      for (let c = 1; c <= last; c += 1) sheet.getCell(line, c).border = { bottom: { style: 'thin' } }
      line += 1
    }
  })
  const totalsLine = line
  sheet.getRow(totalsLine).values = ['合计', `共${n}项`]
  const file = new File([await workbook.xlsx.writeBuffer()], '吴中区在建项目台账.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  return { file, truth, headerRow, lines, totalsLine }
}
