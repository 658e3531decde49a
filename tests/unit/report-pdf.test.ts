import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import type { ReportDocument, ReportSection } from '../../server/domain/report-document.ts'
import { renderReportPdf } from '../../server/features/reports/report-pdf.ts'

const DISTRICTS = ['姑苏区', '虎丘区', '吴中区', '相城区', '吴江区', '工业园区', '常熟市', '张家港市', '昆山市', '太仓市']
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`)

/** A monthly city report as features/reports lays it out: twelve sections, three chart kinds, one long table. */
function sampleReport(): ReportDocument {
  const byDistrict = (title: string, key: string, summary: string, kind: 'bar' | 'line'): ReportSection => ({
    key, title, summary,
    table: {
      columns: ['区县', '本期', '上期', '变化'],
      rows: DISTRICTS.map((d, i) => [d, 40 + i * 7, 38 + i * 6, `${i % 3 === 0 ? '+' : '−'}${(i * 1.7).toFixed(1)}%`]),
    },
    chart: { kind, categories: DISTRICTS, series: [{ name: '本期', data: DISTRICTS.map((_, i) => 40 + i * 7) }, { name: '上期', data: DISTRICTS.map((_, i) => (i === 4 ? null : 38 + i * 6)) }] },
  })
  const sections: ReportSection[] = [
    {
      key: 'projects', title: '在监工程项目', summary: '本月全市在监工程项目 6,000 个，较上月增加 42 个（+0.7%），其中房屋建筑工程占 71.3%。',
      table: { columns: ['类别', '项目数', '占比'], rows: [['房屋建筑', 4278, '71.3%'], ['市政基础设施', 1140, '19.0%'], ['轨道交通', 312, '5.2%'], ['其他', 270, '4.5%']] },
      chart: { kind: 'pie', categories: ['房屋建筑', '市政基础设施', '轨道交通', '其他'], series: [{ name: '项目数', data: [4278, 1140, 312, 270] }] },
    },
    byDistrict('监督检查', 'inspections', '本月开展监督检查 1,286 次，较上月增加 8.4%；双随机抽查覆盖率 100%。', 'bar'),
    byDistrict('三单下发', 'notices', '下发整改单、停工单、处罚建议单合计 214 份，较上月减少 5.2%。', 'bar'),
    {
      key: 'hazards', title: '隐患排查治理', summary: '本月发现隐患 3,402 项，整改闭环 3,117 项，逾期未整改 46 项，平均整改用时 4.2 天。',
      table: {
        columns: ['序号', '项目名称', '区县', '隐患描述', '发现日期', '整改期限', '状态'],
        rows: Array.from({ length: 120 }, (_, i) => [
          i + 1, `苏州${DISTRICTS[i % 10].slice(0, 2)}璟园${i + 1}号地块项目`, DISTRICTS[i % 10],
          i % 7 === 0 ? '临边防护栏杆缺失，高处作业未系挂安全带，脚手架连墙件设置不足，需立即整改' : '塔吊限位装置失灵',
          `2026-11-${String((i % 28) + 1).padStart(2, '0')}`, `2026-12-${String((i % 28) + 1).padStart(2, '0')}`, i % 9 === 0 ? '逾期' : '已整改',
        ]),
      },
      chart: { kind: 'line', categories: MONTHS, series: [{ name: '发现', data: MONTHS.map((_, i) => 2800 + i * 50) }, { name: '闭环', data: MONTHS.map((_, i) => 2600 + i * 45) }] },
    },
    byDistrict('行政处罚', 'penalties', '本月作出行政处罚 37 起，罚没款合计 412.6 万元。', 'bar'),
    { key: 'accidents', title: '生产安全事故', summary: '本月未发生较大及以上生产安全事故。', table: { columns: ['区县', '事故起数', '死亡人数'], rows: [] } },
    {
      key: 'targets', title: '四个100%目标', summary: '四项目标均达到 100%，与上月持平。',
      table: { columns: ['目标', '完成率'], rows: [['实名制管理', '100%'], ['视频监控', '100%'], ['塔吊监控', '100%'], ['扬尘监测', '100%']] },
    },
    byDistrict('重点项目扬尘管控', 'keyProjects', '150 个重点项目围挡、防尘网、喷淋落实率分别为 100%、98.7%、97.3%。', 'line'),
    byDistrict('扬尘超标', 'dust', 'PM10 超标 63 个时段，涉及 19 个项目，较上月减少 12 个时段。', 'bar'),
    byDistrict('投诉处理', 'complaints', '受理 12345 投诉 188 件，办结率 97.9%。', 'line'),
    byDistrict('区县排名', 'ranking', '工业园区综合得分第一，吴江区较上月上升 3 位。', 'bar'),
    {
      key: 'rare', title: '附：罕见字', summary: '项目负责人：王𠮷、李䶮（字库外的字以方框显示，不影响生成）。',
      table: { columns: ['姓名', '备注'], rows: [['王𠮷', '字库外'], ['张三', null]] },
    },
  ]
  return {
    code: '苏建监报〔2026〕12号', title: '苏州市建设工程质量安全监管月报',
    periodLine: '2026年11月 · 全市', issuedLine: '苏州市住房和城乡建设局 · 2026-12-01 签发', sections,
  }
}

describe('renderReportPdf', () => {
  it('renders an A4 report with Chinese text, charts and a paginated table', async () => {
    const started = performance.now()
    const pdf = await renderReportPdf(sampleReport())
    const ms = performance.now() - started
    console.log(`report-pdf: 12 sections rendered in ${ms.toFixed(0)} ms, ${(pdf.byteLength / 1024).toFixed(0)} KiB`)

    const raw = Buffer.from(pdf).toString('latin1')
    expect(raw.startsWith('%PDF-')).toBe(true)
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true)
    const pages = raw.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0
    expect(pages).toBeGreaterThan(3)
    // Both weights embedded as subsets (PDFKit names them TAG+PostScript name), A4 media box.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/)
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]')
    // Subsetting keeps the file small although the font files are 2.5 MB each.
    expect(pdf.byteLength).toBeLessThan(1_500_000)

    const document = await getDocumentProxy(pdf)
    expect(document.numPages).toBe(pages)
    const { text } = await extractText(document)
    const all = text.join('\n')
    expect(all).toContain('苏建监报〔2026〕12号')
    expect(all).toContain('四、隐患排查治理')
    expect(text[0]).toContain(`第 1 页 / 共 ${pages} 页`)
    expect(text[pages - 1]).toContain(`第 ${pages} 页 / 共 ${pages} 页`)
    // The 120-row table spans pages: its header row repeats on a continuation page, and its last row is there.
    const continued = text.filter((page) => page.includes('四、隐患排查治理（续表）'))
    expect(continued.length).toBeGreaterThan(0)
    for (const page of continued) expect(page).toMatch(/序号\s*项目名称\s*区县\s*隐患描述/)
    expect(all).toContain('苏州太仓璟园120号地块项目')
    // Chart text comes from the SVG (axis labels, pie labels), set in the same embedded font.
    expect(all).toContain('市政基础设施')
    expect(all).toContain('本期无数据')
  })
})
