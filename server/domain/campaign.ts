/*
 * 专项行动: the special actions a supervision office runs — what kinds there are, the checklist each starts from,
 * when one is running, and the 双随机 draw of its targets. Pure, so that the web app shows what the server enforces.
 */

export const CAMPAIGN_KINDS = ['comprehensive', 'dust_covert', 'crane_special', 'testing_institution', 'hazardous_chemicals', 'scaffold', 'holiday'] as const
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number]
export type CampaignStatus = 'planned' | 'running' | 'finished'

/** One line of a campaign's checklist; `points` is what the line is worth on the campaign's score sheet. */
export interface ChecklistItem { key: string; label: string; points: number }

export const MAX_CHECKLIST_ITEMS = 40
/** A campaign's sheet adds up to at most this, like the standard four-part sheet. */
export const MAX_SHEET_POINTS = 100

const item = (key: string, label: string, points: number): ChecklistItem => ({ key, label, points })

/** What a new campaign of each kind starts from; the office may edit it before the campaign is created. */
export const DEFAULT_CHECKLISTS: Record<CampaignKind, ChecklistItem[]> = {
  comprehensive: [item('safety_system', '安全生产责任制落实', 20), item('dangerous_works', '危大工程专项方案及验收', 25), item('temporary_power', '临时用电', 15),
    item('edge_protection', '临边洞口防护', 15), item('cranes', '起重机械', 15), item('dust', '扬尘治理“六个百分百”', 10)],
  dust_covert: [item('enclosure', '围挡', 20), item('stockpile_cover', '裸土/物料覆盖', 20), item('road_hardening', '道路硬化', 15),
    item('vehicle_washing', '车辆冲洗', 20), item('wet_operation', '湿法作业', 15), item('closed_transport', '渣土密闭运输', 10)],
  crane_special: [item('registration', '产权备案与使用登记', 20), item('installation', '安拆方案与告知', 20), item('inspection_report', '检验检测报告', 20),
    item('operators', '司机及信号工持证', 20), item('monitoring', '安全监控系统', 20)],
  testing_institution: [item('qualification', '资质与能力范围', 30), item('sampling', '见证取样', 25), item('records', '原始记录与报告', 25), item('equipment', '仪器设备检定', 20)],
  hazardous_chemicals: [item('inventory', '台账建立', 20), item('storage', '专用仓库与分类存放', 25), item('quantity', '存量不超限', 15),
    item('labels', '安全标签与技术说明书', 15), item('fire', '消防器材与防爆措施', 15), item('emergency', '应急预案与演练', 10)],
  scaffold: [item('certificate', '产品合格证与检测报告', 25), item('sampling', '进场抽样复试', 25), item('plan', '专项施工方案', 20),
    item('erection', '搭设与验收', 20), item('markings', '构件标识', 10)],
  holiday: [item('duty', '节日值班与带班', 25), item('shutdown', '停工期间安全措施', 25), item('fire', '消防安全', 25), item('resumption', '复工前安全检查', 25)],
}

/**
 * 小型临时工程 are supervised by the grid with a checklist of their own (inspection kind `small_works`): the few
 * things that go wrong on short jobs without a full site organisation.
 */
export const SMALL_WORKS_CHECKLIST = ['hoarding', 'edge_protection', 'temporary_power', 'machinery', 'fire_safety', 'dust_control', 'certified_workers'] as const

/** A checklist is usable when its keys are unique and its points add up to something, at most the sheet's 100. */
export function checklistProblem(items: ChecklistItem[]): string | null {
  if (items.length === 0) return 'a campaign needs at least one checklist item'
  const keys = new Set(items.map((i) => i.key))
  if (keys.size !== items.length) return 'checklist keys must be unique'
  const total = items.reduce((sum, i) => sum + i.points, 0)
  if (total <= 0 || total > MAX_SHEET_POINTS) return `checklist points must add up to more than 0 and at most ${MAX_SHEET_POINTS} (they add up to ${total})`
  return null
}

/** A campaign runs from the first to the last Beijing day of its period, both included. */
export function campaignStatus(startsOn: string, endsOn: string, today: string): CampaignStatus {
  return today < startsOn ? 'planned' : today > endsOn ? 'finished' : 'running'
}

export interface SheetScore { score: number; max: number; failed: string[] }

/**
 * The score of an inspection on a campaign's sheet: the points of every line found compliant. The answers must
 * cover exactly the campaign's lines, so that no line is silently skipped; null with the problem otherwise.
 */
export function scoreSheet(checklist: ChecklistItem[], answers: Record<string, boolean>): SheetScore | string {
  const keys = checklist.map((i) => i.key)
  const missing = keys.filter((k) => !(k in answers))
  const unknown = Object.keys(answers).filter((k) => !keys.includes(k))
  if (missing.length || unknown.length) {
    return [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `not on the checklist: ${unknown.join(', ')}` : ''].filter(Boolean).join('; ')
  }
  const score = checklist.reduce((sum, i) => sum + (answers[i.key] ? i.points : 0), 0)
  return { score, max: checklist.reduce((sum, i) => sum + i.points, 0), failed: checklist.filter((i) => !answers[i.key]).map((i) => i.key) }
}

/** 双随机: how many to draw, as a count or a share of the candidates, from a recorded seed. */
export interface SamplingRule { seed: number; count?: number; ratio?: number }

export const MAX_SEED = 2 ** 31 - 1

/** mulberry32: small, fast and the same on every engine, which is all a reproducible draw needs. */
function mulberry32(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** How many the rule draws from `candidates` sites: a ratio rounds up, so a small district still gets one. */
export function sampleSize(rule: SamplingRule, candidates: number): number {
  const wanted = rule.count ?? Math.ceil((rule.ratio ?? 0) * candidates)
  return Math.max(0, Math.min(candidates, wanted))
}

/**
 * The draw itself: the same seed and the same candidate ids (in any order) give the same sample, so anyone can
 * repeat it from what the campaign recorded. A partial Fisher–Yates over the ids sorted ascending; the sample is
 * returned sorted.
 */
export function drawSample(candidateIds: readonly number[], rule: SamplingRule): number[] {
  const pool = [...new Set(candidateIds)].sort((a, b) => a - b)
  const n = sampleSize(rule, pool.length)
  const random = mulberry32(rule.seed)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j], pool[i]]
  }
  return pool.slice(0, n).sort((a, b) => a - b)
}

/** One district's figures for a campaign; the share of planned targets inspected colours the map. */
export interface DistrictProgress { planned: number; inspected: number }

export function progressShare({ planned, inspected }: DistrictProgress): number | null {
  return planned === 0 ? null : Math.min(1, inspected / planned)
}
