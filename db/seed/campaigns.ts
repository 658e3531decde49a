import { type Kysely, sql } from 'kysely'
import { DEFAULT_CHECKLISTS, drawSample, MAX_SEED, scoreSheet, type CampaignKind } from '../../server/domain/campaign.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { insertMany, nextIds } from '../bulk.ts'
import { jsonb } from '../sql.ts'
import type { DB } from '../types.ts'
import type { Rng } from './random.ts'

/*
 * The seeded city's campaigns (专项行动): a running 危化品专项治理 and a finished 盘扣专项 and 综合大检查, each with a
 * recorded 双随机 draw and inspections against it (hazards, and for most major ones the “四个一律” notices), and a
 * past 国庆 holiday period that raised some risk weights while it ran. The chemicals and scaffold seeds find the
 * first two by kind.
 */

interface Plan { name: string; kind: CampaignKind; from: number; to: number; ratio: number; inspected: number }
const DAY = 86_400_000

const FINDINGS: Record<string, string[]> = {
  hazardous_chemicals: ['氧气乙炔瓶混放', '油漆稀释剂未设专用库房', '危化品台账缺失', '柴油储罐无防泄漏围堰', '液化气瓶无安全标签'],
  scaffold: ['盘扣立杆无产品标识', '进场构件未抽样复试', '可调托撑伸出长度超限', '斜杆未按方案设置'],
  comprehensive: ['临边防护缺失', '配电箱未设漏电保护', '高支模未按方案搭设', '起重机械安全监控未接入', '危大工程专项方案未论证'],
}

export async function insertCampaigns(db: Kysely<DB>, rng: Rng, now: Date): Promise<void> {
  const plans: Plan[] = [
    { name: '全市建筑工地危化品专项治理', kind: 'hazardous_chemicals', from: -30, to: 60, ratio: 0.06, inspected: 0.45 },
    { name: '盘扣式钢管支架专项抽查', kind: 'scaffold', from: -120, to: -60, ratio: 0.04, inspected: 0.85 },
    { name: '建筑施工安全生产综合大检查', kind: 'comprehensive', from: -200, to: -170, ratio: 0.05, inspected: 0.8 },
  ]
  const candidates = (await db.selectFrom('sites').where('stage', '<>', 'completed')
    .select(['id', sql<string | null>`start_date::text`.as('start')]).orderBy('id').execute())
  const startOf = new Map(candidates.map((c) => [c.id, c.start]))
  for (const plan of plans) {
    const startsOn = beijingDay(addDays(now, plan.from))
    const endsOn = beijingDay(addDays(now, plan.to))
    const rule = { seed: rng.int(0, MAX_SEED), ratio: plan.ratio }
    const targets = drawSample(candidates.map((c) => c.id), rule)
    const { id } = await db.insertInto('campaigns').values({
      name: plan.name, kind: plan.kind, starts_on: startsOn, ends_on: endsOn, scope_kind: 'city',
      sampling: jsonb({ ...rule, candidates: candidates.length, drawn: targets.length }), checklist: jsonb(DEFAULT_CHECKLISTS[plan.kind]),
      created_at: new Date(now.getTime() + (plan.from - 7) * DAY).toISOString(),
    }).returning('id').executeTakeFirstOrThrow()
    await insertMany(db, 'campaign_targets', targets.map((site_id) => ({ campaign_id: id, site_id, source: 'drawn' })))
    const first = Date.parse(`${startsOn}T09:00:00+08:00`)
    const last = Math.min(now.getTime() - DAY, Date.parse(`${endsOn}T17:00:00+08:00`))
    const visits = targets.filter(() => rng.chance(plan.inspected)).map((siteId) => ({ siteId, at: new Date(first + rng.next() * Math.max(0, last - first)) }))
      .filter((v) => (startOf.get(v.siteId) ?? '0000') <= beijingDay(v.at))
    await inspect(db, rng, id, plan.kind, visits, now)
  }
  // 国庆: the last National Day week that is over by now.
  const year = now.getUTCFullYear() - (beijingDay(now) > `${now.getUTCFullYear()}-10-08` ? 0 : 1)
  await db.insertInto('campaigns').values({
    name: `${year}年国庆节假日安全生产检查`, kind: 'holiday', starts_on: `${year}-10-01`, ends_on: `${year}-10-08`, scope_kind: 'city',
    checklist: jsonb(DEFAULT_CHECKLISTS.holiday),
    risk_boost: jsonb({ factors: ['overdueHazards', 'majorOpenHazards', 'stopWorkNotices90'], multiplier: 1.5 }),
    created_at: `${year}-09-20T09:00:00+08:00`,
  }).execute()
}

/** The campaign's inspections, with hazards for a third of them and notices on those hazards. */
async function inspect(db: Kysely<DB>, rng: Rng, campaignId: number, kind: CampaignKind, visits: { siteId: number; at: Date }[], now: Date) {
  if (visits.length === 0) return
  const checklist = DEFAULT_CHECKLISTS[kind]
  const rows = visits.map(({ siteId, at }) => {
    const answers = Object.fromEntries(checklist.map((i) => [i.key, rng.chance(0.8)]))
    const sheet = { safety_management: rng.int(28, 40), site_safety: rng.int(20, 30), dust_control: rng.int(12, 20), civilised_construction: rng.int(6, 10) }
    return {
      site_id: siteId, kind, inspected_at: at.toISOString(), score: Object.values(sheet).reduce((a, b) => a + b, 0), findings: '',
      checklist: jsonb({ enclosure: true, stockpile_cover: rng.chance(0.8), road_hardening: true, vehicle_washing: rng.chance(0.9), wet_operation: rng.chance(0.8), closed_transport: true }),
      score_sheet: jsonb(sheet), campaign_id: campaignId, campaign_sheet: jsonb({ answers, ...(scoreSheet(checklist, answers) as object) }),
      recorded_at: at.toISOString(),
    }
  })
  // Ids drawn first and rows written in bounded statements: at a million sites one INSERT of them all would pass
  // the protocol's 65,535 parameters.
  const inspectionIds = await nextIds(db, 'inspections', rows.length)
  await insertMany(db, 'inspections', rows.map((row, k) => ({ id: inspectionIds[k], ...row })))
  const found: { site_id: number; inspection_id: number; severity: string; category: string; description: string
    status: string; found_at: string; deadline: string; closed_at: string | null }[] = []
  for (const [k, visit] of visits.entries()) {
    if (!rng.chance(0.35)) continue
    const foundAt = new Date(rows[k].inspected_at)
    const severity = rng.chance(0.2) ? 'major' : 'general'
    const deadline = addDays(foundAt, severity === 'major' ? 5 : 10)
    const closed = deadline.getTime() < now.getTime() ? rng.chance(0.9) : rng.chance(0.2)
    const finding = rng.pick(FINDINGS[kind] ?? FINDINGS.comprehensive)
    found.push({ site_id: visit.siteId, inspection_id: inspectionIds[k], severity, category: finding, description: `${finding}，要求限期整改`,
      status: closed ? 'closed' : 'open', found_at: foundAt.toISOString(), deadline: beijingDay(deadline),
      closed_at: closed ? new Date(Math.min(now.getTime(), deadline.getTime())).toISOString() : null })
  }
  if (found.length === 0) return
  const hazardIds = await nextIds(db, 'hazards', found.length)
  const hazards = found.map((h, k) => ({ id: hazardIds[k], ...h }))
  await insertMany(db, 'hazards', hazards)
  const events: Record<string, unknown>[] = []
  const notices: Record<string, unknown>[] = []
  const notice = (h: (typeof hazards)[number], type: string) => notices.push({
    code: `苏建专〔${campaignId}〕${String(notices.length + 1).padStart(5, '0')}号`, site_id: h.site_id, hazard_id: h.id, type_code: type,
    issued_at: h.found_at, content: `${h.category}，专项行动检查发现，请限期整改并回复。`,
  })
  for (const h of hazards) {
    events.push({ hazard_id: h.id, from_status: null, to_status: 'open', at: h.found_at, note: h.category })
    if (h.closed_at) {
      // The loop as the hazards feature walks it: rectifying, submitted for review, closed.
      const from = Date.parse(h.found_at)
      const span = Date.parse(h.closed_at) - from
      ;(['rectifying', 'submitted', 'closed'] as const).forEach((to, k, steps) => events.push({ hazard_id: h.id, from_status: k === 0 ? 'open' : steps[k - 1], to_status: to,
        at: new Date(from + (span * (k + 1)) / steps.length).toISOString(), note: '' }))
    }
    // “四个一律”: most major findings got both a stop-work notice and a penalty; the rest show as not followed through.
    if (h.severity === 'major' && rng.chance(0.7)) { notice(h, 'stop_work_rectification'); notice(h, 'penalty') } else notice(h, 'rectification')
  }
  await insertMany(db, 'hazard_events', events)
  await insertMany(db, 'notices', notices)
}
