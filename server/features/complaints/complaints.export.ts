import { COMPLAINT_CATEGORY_ZH, COMPLAINT_CHANNEL_ZH, COMPLAINT_STATUS_ZH, type ComplaintCategory, type ComplaintChannel, type ComplaintStatus } from '../../domain/complaint.ts'
import type { ExportTable } from '../exports/formats.ts'
import type { ComplaintAnalysis } from './analysis.repo.ts'

/* Complaints and their analysis as export tables, headed in Chinese; phone numbers arrive here already masked for the caller. */

const category = (c: string) => COMPLAINT_CATEGORY_ZH[c as ComplaintCategory] ?? c

export interface ExportedComplaint {
  channel: string; ticketNo: string; receivedAt: string; category: string; content: string; address: string | null
  complainantName: string | null; complainantPhone: string | null; siteCode: string | null; siteName: string | null; districtName: string | null
  matchMethod: string | null; matchConfidence: number | null; status: string; dispatchedToName: string | null; respondBy: string | null
  overdue: boolean; founded: boolean | null; reply: string | null; closedAt: string | null
}

export function complaintTable(rows: ExportedComplaint[]): ExportTable {
  return {
    title: '投诉工单',
    columns: [
      { key: 'channel', header: '渠道' }, { key: 'ticketNo', header: '工单编号' }, { key: 'receivedAt', header: '受理时间' }, { key: 'category', header: '类别' },
      { key: 'content', header: '诉求内容' }, { key: 'address', header: '地址' }, { key: 'complainantName', header: '投诉人' },
      { key: 'complainantPhone', header: '联系电话' }, { key: 'siteCode', header: '项目编号' }, { key: 'siteName', header: '项目名称' },
      { key: 'district', header: '所属区' }, { key: 'match', header: '匹配方式' }, { key: 'confidence', header: '匹配置信度' }, { key: 'status', header: '状态' },
      { key: 'dispatchedTo', header: '承办人' }, { key: 'respondBy', header: '答复时限' }, { key: 'overdue', header: '超期' }, { key: 'founded', header: '是否属实' },
      { key: 'reply', header: '答复意见' }, { key: 'closedAt', header: '办结时间' },
    ],
    rows: rows.map((r) => ({
      channel: COMPLAINT_CHANNEL_ZH[r.channel as ComplaintChannel] ?? r.channel, ticketNo: r.ticketNo, receivedAt: r.receivedAt, category: category(r.category),
      content: r.content, address: r.address, complainantName: r.complainantName, complainantPhone: r.complainantPhone, siteCode: r.siteCode,
      siteName: r.siteName, district: r.districtName, match: r.matchMethod ? MATCH_ZH[r.matchMethod] ?? r.matchMethod : null, confidence: r.matchConfidence,
      status: COMPLAINT_STATUS_ZH[r.status as ComplaintStatus] ?? r.status, dispatchedTo: r.dispatchedToName, respondBy: r.respondBy, overdue: r.overdue,
      founded: r.founded, reply: r.reply, closedAt: r.closedAt,
    })),
    geometries: [],
  }
}

const MATCH_ZH: Record<string, string> = { coordinates: '坐标', address: '地址', name: '项目名称', manual: '人工' }

/** One table per part of the analysis page: the workbook has a sheet each. */
export function analysisTables(a: ComplaintAnalysis, period: { from: string; to: string }): ExportTable[] {
  const days = [...new Set(a.trend.map((t) => t.day))]
  const count = (day: string, c: string) => a.trend.find((t) => t.day === day && t.category === c)?.complaints ?? 0
  const districts = [...new Set(a.byDistrict.map((d) => d.district ?? '未定位'))]
  const inDistrict = (district: string, c: string) => a.byDistrict.find((d) => (d.district ?? '未定位') === district && d.category === c)?.complaints ?? 0
  const categoryColumns = Object.entries(COMPLAINT_CATEGORY_ZH).map(([key, header]) => ({ key, header }))
  return [
    {
      title: `投诉趋势 ${period.from}至${period.to}`, columns: [{ key: 'day', header: '日期' }, ...categoryColumns, { key: 'total', header: '合计' }],
      rows: days.map((day) => ({ day, ...Object.fromEntries(categoryColumns.map((c) => [c.key, count(day, c.key)])), total: categoryColumns.reduce((n, c) => n + count(day, c.key), 0) })),
      geometries: [],
    },
    {
      title: '重复投诉项目', columns: [{ key: 'code', header: '项目编号' }, { key: 'name', header: '项目名称' }, { key: 'district', header: '所属区' },
        { key: 'complaints', header: '投诉次数' }, { key: 'founded', header: '属实次数' }, { key: 'categories', header: '类别' }, { key: 'last', header: '最近投诉' }],
      rows: a.repeats.map((r) => ({ ...r, categories: r.categories.map(category).join('、') })), geometries: [],
    },
    {
      title: '各区投诉类别', columns: [{ key: 'district', header: '区' }, ...categoryColumns],
      rows: districts.map((district) => ({ district, ...Object.fromEntries(categoryColumns.map((c) => [c.key, inDistrict(district, c.key)])) })), geometries: [],
    },
    {
      title: '夜间施工投诉与许可', columns: [{ key: 'code', header: '项目编号' }, { key: 'name', header: '项目名称' }, { key: 'permits', header: '夜间施工许可数' },
        { key: 'permitted', header: '许可时段内投诉' }, { key: 'unpermitted', header: '无许可时段投诉' }],
      rows: [...a.nightWork.sites.map((s) => ({ code: s.code, name: s.name, permits: s.permits, permitted: s.permitted, unpermitted: s.unpermitted })),
        { code: '合计', name: `未匹配项目 ${a.nightWork.totals.noSite} 件`, permits: null, permitted: a.nightWork.totals.permitted, unpermitted: a.nightWork.totals.unpermitted }],
      geometries: [],
    },
  ]
}
