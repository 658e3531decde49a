/*
 * 督办/约谈/通报: the letters, talks and notices that hold a district's supervision station to account, and the
 * accidents investigated “one case, two investigations” (一案双查). Pure rules shared by the server and the web
 * app: document numbers, reply states, which districts look like candidates, and which penalty fits which party.
 */

export const ACTION_KINDS = ['supervision_letter', 'formal_talk', 'public_notice'] as const
export type ActionKind = (typeof ACTION_KINDS)[number]

export const ACTION_KIND_ZH: Record<ActionKind, string> = { supervision_letter: '督办函', formal_talk: '约谈告诫', public_notice: '通报批评' }

/**
 * Each kind has its own number series per year, as an office's 发文字号 do: 苏建质安督〔2026〕3号 is the year's third
 * letter. The mark tells the kinds apart at a glance; the 〔〕 are the brackets GB/T 9704 prescribes.
 */
const CODE_MARK: Record<ActionKind, string> = { supervision_letter: '督', formal_talk: '谈', public_notice: '通' }
export const CODE_ISSUER = '苏建质安'
const CODE_PATTERN = /^苏建质安([督谈通])〔(\d{4})〕([1-9]\d{0,5})号$/

export function actionCode(kind: ActionKind, year: number, n: number): string {
  return `${CODE_ISSUER}${CODE_MARK[kind]}〔${year}〕${n}号`
}

export function parseActionCode(code: string): { kind: ActionKind; year: number; n: number } | null {
  const m = CODE_PATTERN.exec(code)
  if (!m) return null
  const kind = ACTION_KINDS.find((k) => CODE_MARK[k] === m[1]) as ActionKind
  return { kind, year: Number(m[2]), n: Number(m[3]) }
}

/** The prefix every code of a kind and year starts with, to find the series' last number by. */
export const codePrefix = (kind: ActionKind, year: number) => `${CODE_ISSUER}${CODE_MARK[kind]}〔${year}〕`

/** The next number of a series, given the codes already issued (others, and malformed ones, are ignored). */
export function nextActionNumber(codes: readonly string[], kind: ActionKind, year: number): number {
  let last = 0
  for (const code of codes) {
    const parsed = parseActionCode(code)
    if (parsed && parsed.kind === kind && parsed.year === year) last = Math.max(last, parsed.n)
  }
  return last + 1
}

/**
 * Time a district is given to answer, by default and at most: a letter asks for rectification within a fortnight,
 * a talk or a notice for a written account within a month. Nothing is due later than a quarter away.
 */
export const DEFAULT_REPLY_DAYS: Record<ActionKind, number> = { supervision_letter: 15, formal_talk: 30, public_notice: 30 }
export const MAX_REPLY_DAYS = 90

export type ReplyState = 'pending' | 'overdue' | 'on_time' | 'late'

/** Where a district's reply stands on `today` (Beijing days, YYYY-MM-DD compare as strings). */
export function replyState(deadline: string, repliedOn: string | null, today: string): ReplyState {
  if (repliedOn !== null) return repliedOn <= deadline ? 'on_time' : 'late'
  return today > deadline ? 'overdue' : 'pending'
}

/** A district's figures, as an action cites them and as the candidate view weighs them. */
export interface DistrictFigures {
  activeSites: number
  accidents12m: number
  deaths12m: number
  openHazards: number
  overdueHazards: number
  redSites: number
  /** Mean score of the inspections of the last 90 days (out of 100), null when none was scored. */
  meanInspectionScore: number | null
}

export const CONCERN_REASONS = ['accidents', 'deaths', 'overdue_hazards', 'red_sites', 'low_scores'] as const
export type ConcernReason = (typeof CONCERN_REASONS)[number]

/**
 * How poor a district's safety looks, in points (0–100+): accidents weigh most (10 each, 15 more per death, as the
 * 条例 grades them by casualties); then hazards left past their deadline and red-risk sites, both per 100 active
 * sites so that a big district is not a candidate for being big; then inspection scores below 80 (the 合格 line of
 * JGJ 59's 优良/合格). Each part is capped so that one bad figure alone does not make a candidate, except deaths.
 */
export const CONCERN_THRESHOLD = 30
const SCORE_PASS_LINE = 80

export function safetyConcern(f: DistrictFigures): { score: number; reasons: ConcernReason[] } {
  const per100 = (n: number) => (f.activeSites > 0 ? (n * 100) / f.activeSites : 0)
  const parts: [ConcernReason, number][] = [
    ['accidents', Math.min(30, 10 * f.accidents12m)],
    ['deaths', 15 * f.deaths12m],
    ['overdue_hazards', Math.min(25, 2 * per100(f.overdueHazards))],
    ['red_sites', Math.min(20, 2 * per100(f.redSites))],
    ['low_scores', f.meanInspectionScore === null ? 0 : Math.min(20, Math.max(0, SCORE_PASS_LINE - f.meanInspectionScore))],
  ]
  const score = Math.round(parts.reduce((sum, [, p]) => sum + p, 0) * 10) / 10
  return { score, reasons: parts.filter(([, p]) => p >= 5).map(([r]) => r) }
}

/**
 * What to issue next to a candidate: escalate from what the district already had in the last 12 months — a letter
 * first, then a talk, then a public notice; a district with a death in the year goes straight to a talk.
 */
export function suggestedAction(f: DistrictFigures, recentKinds: readonly ActionKind[]): ActionKind | null {
  if (safetyConcern(f).score < CONCERN_THRESHOLD) return null
  if (recentKinds.includes('formal_talk') || recentKinds.includes('public_notice')) return 'public_notice'
  if (recentKinds.includes('supervision_letter') || f.deaths12m > 0) return 'formal_talk'
  return 'supervision_letter'
}

export const PARTY_KINDS = ['enterprise', 'person', 'official'] as const
export type PartyKind = (typeof PARTY_KINDS)[number]
export const PENALTIES = ['fine', 'suspension', 'qualification_downgrade', 'license_revocation', 'credit_record', 'warning',
  'criminal_referral', 'demerit', 'dismissal'] as const
export type Penalty = (typeof PENALTIES)[number]

/**
 * Which penalties each party can get: firms and practitioners are punished under the 安全生产法 and the 条例
 * (fines, suspension, qualification or licence, a bad credit record, referral to prosecutors); officials who failed
 * to supervise are dealt with under the 公职人员政务处分法 (warning, demerit, dismissal) or referred.
 */
export const PENALTIES_FOR: Record<PartyKind, readonly Penalty[]> = {
  enterprise: ['fine', 'suspension', 'qualification_downgrade', 'license_revocation', 'credit_record', 'warning'],
  person: ['fine', 'suspension', 'license_revocation', 'credit_record', 'warning', 'criminal_referral'],
  official: ['warning', 'demerit', 'dismissal', 'criminal_referral'],
}
/** 顶格处罚 is the top of a range: it means something only for a fine or a suspension. */
const RANGED: readonly Penalty[] = ['fine', 'suspension']

export type PenaltyProblem = 'penalty_not_for_party' | 'amount_only_for_fine' | 'fine_needs_amount' | 'top_of_range_not_ranged'

export function penaltyProblem(p: { partyKind: PartyKind; penalty: Penalty; amountYuan: number | null; topOfRange: boolean }): PenaltyProblem | null {
  if (!PENALTIES_FOR[p.partyKind].includes(p.penalty)) return 'penalty_not_for_party'
  if (p.penalty === 'fine' && p.amountYuan === null) return 'fine_needs_amount'
  if (p.penalty !== 'fine' && p.amountYuan !== null) return 'amount_only_for_fine'
  if (p.topOfRange && !RANGED.includes(p.penalty)) return 'top_of_range_not_ranged'
  return null
}

/** 一案双查: both halves are done when someone responsible (a firm or a person) and a supervising official were dealt with. */
export function doubleInvestigation(penalties: readonly { partyKind: PartyKind }[]): { responsible: number; officials: number; complete: boolean } {
  const responsible = penalties.filter((p) => p.partyKind !== 'official').length
  const officials = penalties.length - responsible
  return { responsible, officials, complete: responsible > 0 && officials > 0 }
}
