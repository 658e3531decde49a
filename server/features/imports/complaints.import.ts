import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { COMPLAINT_CATEGORY_ZH, COMPLAINT_CHANNEL_ZH, maskName, maskPhone } from '../../domain/complaint.ts'
import { type CellInput, readDateTime, readEnum, readText } from '../../domain/import-cells.ts'
import type { Vocabulary } from '../../domain/import-vocabulary.ts'
import { placeComplaintsByKey } from '../complaints/complaints.repo.ts'
import { matchAndDispatch } from '../complaints/complaints.service.ts'
import type { EntityDef } from './entities.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * The 12345 hotline's daily export (工单导出, usually GBK CSV or XLSX): one ticket per row, keyed by channel and
 * ticket number, so that importing the same day twice adds nothing. The position is optional (many tickets have
 * only an address); new tickets are matched and dispatched in the import's transaction, as if posted one by one.
 */

const text = (max: number) => (cell: CellInput) => readText(cell, max)
const coded = <T extends string>(labels: Record<T, string>, synonyms: Partial<Record<T, string[]>>) => {
  const vocabulary: Vocabulary = { labels, synonyms }
  return { read: (cell: CellInput) => readEnum(cell, labels), vocabulary }
}

export const COMPLAINT_IMPORT: EntityDef = {
  table: 'complaints', geometry: { column: 'location', kind: 'point', optional: true },
  fields: {
    channel: { aliases: ['channel', '渠道', '来源渠道', '诉求渠道', '工单来源'], ...coded(COMPLAINT_CHANNEL_ZH, { '12345': ['12345', '市民热线', '便民热线', '寒山闻钟'] }), type: 'text', fallback: '12345' },
    ticket_no: { aliases: ['ticketno', '工单编号', '工单号', '受理编号', '诉求编号'], read: text(64), type: 'text', required: true },
    received_at: { aliases: ['receivedat', '受理时间', '来电时间', '登记时间', '诉求时间', '派单时间'], read: readDateTime, type: 'timestamptz', required: true },
    category: {
      aliases: ['category', '诉求类别', '投诉类别', '问题类别', '问题分类', '类别'], type: 'text', required: true,
      ...coded(COMPLAINT_CATEGORY_ZH, { dust: ['工地扬尘', '建筑扬尘', '灰尘'], noise_night: ['噪声', '噪音', '施工噪声', '夜间施工', '夜间噪声'], muck: ['渣土车', '渣土运输', '道路遗撒'], quality: ['工程质量', '房屋质量'], safety: ['安全隐患', '施工安全'] }),
    },
    content: { aliases: ['content', '诉求内容', '投诉内容', '来电内容', '内容', '问题描述'], read: text(4000), type: 'text', required: true },
    address: { aliases: ['address', '事发地址', '诉求地址', '发生地址', '地址'], read: text(300), type: 'text' },
    complainant_name: { aliases: ['complainantname', '来电人', '投诉人', '诉求人', '联系人'], read: text(50), type: 'text' },
    complainant_phone: { aliases: ['complainantphone', '来电号码', '联系电话', '联系方式', '电话'], read: text(30), type: 'text' },
  },
  key: (r) => (typeof r.ticket_no === 'string' ? `${r.channel ?? '12345'}|${r.ticket_no}` : null),
  // A recorded ticket is skipped as it is: its handling since then is ours, not the export's.
  match: [], resolved: { status: 'text' }, canCreate: true,
}

/**
 * Every new ticket starts as received. The report and the import's audit entry quote cells back, so a phone number
 * or a name quoted in a row's issue is masked first.
 */
export function prepareComplaintRows(mapping: ColumnMapping, rows: CandidateRow[]): void {
  const masked: Record<string, (value: string) => string> = {}
  if (mapping.fields.complainant_phone) masked[mapping.fields.complainant_phone] = maskPhone
  if (mapping.fields.complainant_name) masked[mapping.fields.complainant_name] = maskName
  for (const row of rows) {
    row.record.status = 'received'
    for (const issue of [...row.reasons, ...row.warnings]) {
      const mask = issue.column ? masked[issue.column] : undefined
      if (mask && issue.value) issue.value = mask(issue.value)
    }
  }
}

/** After the write: the new tickets placed in their districts, matched to sites and dispatched (by no user: the import's). */
export async function dispatchImportedComplaints(trx: Kysely<DB>, written: CandidateRow[], actor: { userId: number; ip: string | null }) {
  const keys = written.map((r) => r.key).filter((k): k is string => k !== null)
  await placeComplaintsByKey(trx, keys)
  return matchAndDispatch(trx, { keys }, actor)
}
