import { readCoordinatePair } from './import-cells.ts'
import { isKnownValue, suggestValue, type Vocabulary } from './import-vocabulary.ts'

/*
 * Which column of an office's file is which field: by a known header (alias), by a header like one (工程类别 ≈
 * 工程类型), or by what the column holds (a column of 房屋建筑/市政/地铁 is the kind). Only an alias is taken as
 * given; the other two are suggestions the user confirms. Also where a ledger's header row is (below its merged
 * title rows) and which row at its bottom is a total rather than a record.
 */

const CRS_TAGS = /gcj-?(02)?|bd-?(09)?|wgs-?(84)?|cgcs-?(2000)?|高德|百度|腾讯|坐标|火星/g
const SEPARATORS = /[\s_\-:/]/g

/**
 * Header text reduced to what identifies a column: width, case, spaces and punctuation do not matter, nor what is
 * in brackets (a unit, a CRS: 朝向(°), 经度(高德)), nor a CRS tag (gcj_lng). The raw header still hints at the CRS.
 */
export function normalizeHeader(header: string): string {
  let text = header.normalize('NFKC').toLowerCase().replace(/[([【][^)\]】]*[)\]】]/g, '')
  // Taking a tag or a separator out can join what is left into another tag (g_cj), or bring combining marks that a
  // space kept apart next to each other, in an order NFKC would change (‗¸): repeat until nothing changes, so
  // that a header normalised twice is the header normalised once.
  for (let before = ''; before !== text;) {
    before = text
    const untagged = text.replace(CRS_TAGS, '')
    // A header that is only a CRS word (坐标) is a column of its own, not a blank one.
    text = (untagged.replace(SEPARATORS, '') === '' ? text : untagged).replace(SEPARATORS, '').normalize('NFKC')
  }
  return text
}

export interface TargetSpec { target: string; aliases: string[]; vocabulary?: Vocabulary; pair?: boolean /* lonlat: values like "120.6,31.3" */ }
export interface ColumnProfile { name: string; values: string[] /* non-blank cells as text, up to 200 */; hidden: boolean }
export type MatchVia = 'alias' | 'similar' | 'values'
export interface ColumnMatch { column: string; target: string | null; via: MatchVia | null; confidence: number }

// Words offices use for the same thing in a header, each put as the aliases say it (类别 is 类型, 企业 is 单位).
const WORD_SYNONYMS: Record<string, string> = {
  类别: '类型', 种类: '类型', 分类: '类型', 编码: '编号', 代码: '编号', 时间: '日期', 名字: '名称', 公司: '单位', 企业: '单位',
  业主: '建设', 总承包: '施工', 承包: '施工', 工程: '项目', 完工: '竣工', 开始: '开工', 结束: '竣工', 级别: '等级', 进度: '阶段',
}
const WORDS = new RegExp(Object.keys(WORD_SYNONYMS).sort((a, b) => b.length - a.length).join('|'), 'g')
const canonical = (normalized: string) => normalized.replace(WORDS, (word) => WORD_SYNONYMS[word])

/**
 * One match per column (in the columns' order), each target at most once. Exact alias (normalised) → 1.
 * Similar header → 0.5–0.85: after word-level synonyms equal → 0.85, else containment of an alias of ≥ 2 chars
 * or character-bigram Dice ≥ 0.5 → 0.5 + 0.3 × score. Values → 0.9 × share of the column's distinct values that
 * are known or suggested in the target's vocabulary (at least 0.6 share and 2 distinct values), or for a `pair`
 * target the share of readCoordinatePair successes. Alias beats similar beats values; ties by higher confidence,
 * then column order. Hidden columns are never matched automatically (target null). Columns left over: target
 * null, via null, confidence 0.
 */
export function matchColumns(columns: ColumnProfile[], targets: TargetSpec[]): ColumnMatch[] {
  const aliases = targets.map((t) => t.aliases.map(normalizeHeader).filter((a) => a !== ''))
  const candidates: { column: number; target: number; via: MatchVia; confidence: number }[] = []
  columns.forEach((column, c) => {
    if (column.hidden) return
    const header = normalizeHeader(column.name)
    targets.forEach((spec, t) => {
      const similar = header === '' ? 0 : Math.max(0, ...aliases[t].map((alias) => (alias === header ? 1 : similarity(canonical(header), canonical(alias)))))
      if (similar === 1) candidates.push({ column: c, target: t, via: 'alias', confidence: 1 })
      else if (similar > 0) candidates.push({ column: c, target: t, via: 'similar', confidence: similar })
      const share = valueShare(column.values, spec)
      if (share > 0) candidates.push({ column: c, target: t, via: 'values', confidence: 0.9 * share })
    })
  })
  const rank: Record<MatchVia, number> = { alias: 0, similar: 1, values: 2 }
  candidates.sort((a, b) => rank[a.via] - rank[b.via] || b.confidence - a.confidence || a.column - b.column || a.target - b.target)
  const matches: ColumnMatch[] = columns.map((column) => ({ column: column.name, target: null, via: null, confidence: 0 }))
  const taken = new Set<number>()
  for (const candidate of candidates) {
    const match = matches[candidate.column]
    if (match.target !== null || taken.has(candidate.target)) continue
    Object.assign(match, { target: targets[candidate.target].target, via: candidate.via, confidence: candidate.confidence })
    taken.add(candidate.target)
  }
  return matches
}

/** 0.85 for the same words, 0.5–0.8 for a header that contains an alias (or is in one) or shares most of its character pairs, else 0. */
function similarity(header: string, alias: string): number {
  if (header === alias) return 0.85
  const [short, long] = header.length <= alias.length ? [header, alias] : [alias, header]
  const contained = short.length >= 2 && long.includes(short) ? short.length / long.length : 0
  const dice = bigramDice(header, alias)
  const score = Math.max(contained, dice >= 0.5 ? dice : 0)
  return score > 0 ? 0.5 + 0.3 * score : 0
}

function bigramDice(a: string, b: string): number {
  const pairs = (s: string) => {
    const chars = Array.from(s)
    return chars.slice(1).map((ch, i) => chars[i] + ch)
  }
  const [left, right] = [pairs(a), pairs(b)]
  if (left.length === 0 || right.length === 0) return 0
  const unmatched = [...right]
  const common = left.filter((p) => {
    const at = unmatched.indexOf(p)
    if (at >= 0) unmatched.splice(at, 1)
    return at >= 0
  }).length
  return (2 * common) / (left.length + right.length)
}

/** The share of a column's distinct values the target would take, when it is enough to suggest the column. */
function valueShare(values: string[], spec: TargetSpec): number {
  const { vocabulary, pair } = spec
  const fits = pair
    ? (value: string) => { const read = readCoordinatePair(value); return 'value' in read && read.value !== null }
    : vocabulary
      ? (value: string) => isKnownValue(vocabulary, value) || suggestValue(vocabulary, value) !== null
      : null
  const distinct = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))]
  if (!fits || distinct.length < 2) return 0
  const share = distinct.filter(fits).length / distinct.length
  return share >= 0.6 ? share : 0
}

/**
 * Which of the first 20 rows is the header: the row whose non-blank cells (normalised) match the most aliases;
 * ties → the earlier row; when no row matches any alias, the first row with ≥ 2 non-blank cells (a merged title
 * row has one). 0-based.
 */
export function findHeaderRow(rows: (string | null)[][], aliases: string[]): number {
  const known = new Set(aliases.map(normalizeHeader).filter((a) => a !== ''))
  const filled = rows.slice(0, 20).map((row) => row.filter((cell): cell is string => cell !== null && cell.trim() !== ''))
  const hits = filled.map((cells) => cells.filter((cell) => known.has(normalizeHeader(cell))).length)
  const most = Math.max(0, ...hits)
  return most > 0 ? hits.indexOf(most) : Math.max(0, filled.findIndex((cells) => cells.length >= 2))
}

const TOTALS = /^(合计|总计)|^(小计|共计)$|^共计?\d+[个项条处]?(项目|工程|工地|记录)?$/

/**
 * A totals row at the bottom of a ledger: its first non-blank cell is 合计/总计/小计/共计 (spaces ignored) or starts
 * with 合计、总计, or reads like 共40项 / 共 40 个项目.
 */
export function isTotalsRow(cells: (string | null)[]): boolean {
  const first = cells.find((cell): cell is string => cell !== null && cell.trim() !== '')
  return first !== undefined && TOTALS.test(first.normalize('NFKC').replace(/\s+/g, ''))
}
