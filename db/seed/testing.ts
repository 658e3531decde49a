import { type Kysely, sql } from 'kysely'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { campaignHazard, type Material, rebarWeightTolerance, scopeCovers } from '../../server/domain/testing.ts'
import { insertMany } from '../bulk.ts'
import type { Rng } from './random.ts'

/*
 * Testing institutions at work in the seeded city: reports on the sites under construction, by local and 外地进苏
 * institutions qualified for the material; about one in thirty fails, and a failed concrete, rebar or sand result
 * has its campaign hazard (劣质混凝土 / 瘦身钢筋 / 违规海砂), closed when its deadline has passed. Each institution
 * has 能力验证 results (a few questionable or unsatisfactory) and some 飞行检查 with findings.
 */

const DAY_MS = 86_400_000
/** What gets tested at each stage of the works, and how often. */
const MATERIALS_BY_STAGE: Record<string, readonly (readonly [Material, number])[]> = {
  earthworks: [['foundation', 4], ['concrete', 3], ['rebar', 2], ['sand', 1]],
  main_structure: [['concrete', 5], ['rebar', 4], ['sand', 1.5], ['cement', 1], ['masonry', 1], ['steel_structure', 0.5]],
  finishing: [['waterproofing', 3], ['masonry', 2], ['cement', 1], ['concrete', 1]],
}
const FAIL_RATE = 0.035
const FLIGHT_FINDINGS = [
  '原始记录与报告数据不一致', '部分检测人员未持证上岗', '样品留置期不足', '设备检定证书过期', '见证取样记录不全', '未发现问题',
]

interface TestResult { item: string; required: string; measured: string; conforming: boolean }

/** A plausible result of testing the material, failing when told to, judged the way the API judges it. */
function resultOf(rng: Rng, material: Material, fail: boolean): TestResult {
  const pass = !fail
  switch (material) {
    case 'concrete': {
      const grade = rng.pick([25, 30, 30, 35, 40])
      return { item: '抗压强度', required: `C${grade}`, measured: (grade * (pass ? rng.range(1.02, 1.35) : rng.range(0.7, 0.97))).toFixed(1), conforming: pass }
    }
    case 'rebar': {
      if (rng.chance(0.5)) {
        const tolerance = rebarWeightTolerance(rng.pick([10, 12, 16, 20, 25]))
        const limit = Number(tolerance.slice(1, -1))
        return { item: '重量偏差', required: tolerance, measured: `${(-(pass ? rng.range(0.2, limit - 0.1) : rng.range(limit + 0.5, limit + 6))).toFixed(1)}%`, conforming: pass }
      }
      return { item: '屈服强度', required: '≥400', measured: String(Math.round(pass ? rng.range(410, 520) : rng.range(340, 395))), conforming: pass }
    }
    case 'sand':
      return { item: '氯离子含量', required: '≤0.06%', measured: `${(pass ? rng.range(0.002, 0.05) : rng.range(0.07, 0.3)).toFixed(3)}%`, conforming: pass }
    case 'cement':
      return { item: '3天抗压强度', required: '≥17.0', measured: (pass ? rng.range(18, 28) : rng.range(12, 16.5)).toFixed(1), conforming: pass }
    case 'masonry':
      return { item: '抗压强度', required: '≥10.0', measured: (pass ? rng.range(10.5, 16) : rng.range(6, 9.5)).toFixed(1), conforming: pass }
    case 'foundation':
      return { item: '单桩竖向承载力', required: '≥3200', measured: String(Math.round(pass ? rng.range(3250, 4200) : rng.range(2500, 3100))), conforming: pass }
    case 'waterproofing':
      return { item: '不透水性', required: '无渗漏', measured: pass ? '无渗漏' : '渗漏', conforming: pass }
    case 'steel_structure':
      return { item: '焊缝探伤', required: 'Ⅱ级', measured: pass ? rng.pick(['Ⅰ级', 'Ⅱ级']) : 'Ⅲ级', conforming: pass }
  }
}

export async function insertTesting(db: Kysely<any>, rng: Rng, now: Date): Promise<void> {
  const nowDay = beijingDay(now)
  const institutions = (await sql<{ id: number; origin: string; texts: string[] }>`
    SELECT e.id, e.origin, array_agg(q.category || ' ' || q.scope) AS texts FROM enterprises e
    JOIN enterprise_qualifications q ON q.enterprise_id = e.id AND q.valid_until >= ${nowDay}::date
    WHERE 'testing' = ANY(e.kinds) GROUP BY e.id ORDER BY e.id`.execute(db)).rows
  if (institutions.length === 0) return
  const sites = (await sql<{ id: number; stage: string; start: string }>`
    SELECT id, stage, start_date::text AS start FROM sites
    WHERE stage <> 'completed' AND start_date <= ${nowDay}::date - 14 ORDER BY id`.execute(db)).rows
  // Ids given here so each hazard can name its report; the sequences follow at the end.
  const ids = (await sql<{ report: number; hazard: number }>`SELECT coalesce((SELECT max(id) FROM testing_reports), 0) AS report,
    coalesce((SELECT max(id) FROM hazards), 0) AS hazard`.execute(db)).rows[0]
  let reportId = Number(ids.report)
  let hazardId = Number(ids.hazard)
  const reports: Record<string, unknown>[] = []
  const hazards: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  // Local institutions do most of the work; an 外地进苏 one now and then. Who may test a material is worked out once
  // per material: filtering the city's institutions for each report was 3,300 × 1.8 million scope checks at a
  // million sites, hours of the seed.
  const local = institutions.filter((i) => i.origin === 'local')
  const qualified = new Map<string, { local: typeof institutions; any: typeof institutions }>()
  const qualifiedFor = (material: Material) => {
    let found = qualified.get(material)
    if (!found) {
      found = { local: local.filter((i) => scopeCovers(i.texts, material)), any: institutions.filter((i) => scopeCovers(i.texts, material)) }
      qualified.set(material, found)
    }
    return found
  }
  const flush = async () => {
    await insertMany(db, 'testing_reports', reports)
    await insertMany(db, 'hazards', hazards)
    await insertMany(db, 'hazard_events', events)
    reports.length = hazards.length = events.length = 0
  }
  for (const [index, site] of sites.entries()) {
    // Written as it goes: a million sites' reports held at once would fill the seed's heap.
    if (index > 0 && index % 20_000 === 0) await flush()
    const count = rng.int(1, 5)
    const startMs = new Date(`${site.start}T00:00:00+08:00`).getTime()
    for (let k = 0; k < count; k++) {
      const material = rng.weighted(MATERIALS_BY_STAGE[site.stage] ?? MATERIALS_BY_STAGE.main_structure)
      const candidates = rng.chance(0.8) && local.length ? qualifiedFor(material).local : qualifiedFor(material).any
      if (candidates.length === 0) continue
      const institution = rng.pick(candidates)
      const sampled = new Date(Math.max(startMs, now.getTime() - 365 * DAY_MS) + rng.next() * (now.getTime() - 3 * DAY_MS - Math.max(startMs, now.getTime() - 365 * DAY_MS)))
      const issued = addDays(sampled, rng.int(1, material === 'concrete' ? 28 : 5))
      if (issued > now) continue
      const result = resultOf(rng, material, rng.chance(FAIL_RATE))
      const id = ++reportId
      const reportNo = `JC${beijingDay(issued).slice(0, 4)}-${String(id).padStart(6, '0')}`
      reports.push({
        id, report_no: reportNo, institution_id: institution.id, site_id: site.id, material, item: result.item,
        required_value: result.required, measured_value: result.measured, conforming: result.conforming,
        sampled_on: beijingDay(sampled), issued_on: beijingDay(issued),
      })
      const hazard = campaignHazard({ reportNo, material, item: result.item, requiredValue: result.required, measuredValue: result.measured, conforming: result.conforming })
      if (!hazard) continue
      const found = new Date(issued.getTime() + 10 * 3_600_000)
      const deadline = addDays(found, hazard.deadlineDays)
      const closed = deadline.getTime() + 2 * DAY_MS < now.getTime()
      const hid = ++hazardId
      hazards.push({
        id: hid, site_id: site.id, severity: hazard.severity, category: hazard.category, description: hazard.description,
        status: closed ? 'closed' : 'open', found_at: found.toISOString(), deadline: beijingDay(deadline),
        closed_at: closed ? deadline.toISOString() : null, raised_by: 'testing', source_ref: `testing:${id}`,
      })
      const steps = closed ? ['open', 'rectifying', 'submitted', 'closed'] : ['open']
      steps.forEach((to, i) => events.push({
        hazard_id: hid, from_status: i === 0 ? null : steps[i - 1], to_status: to,
        at: new Date(found.getTime() + (i * (deadline.getTime() - found.getTime())) / steps.length).toISOString(), note: i === 0 ? hazard.category : '',
      }))
    }
  }
  await flush()
  await insertInstitutionChecks(db, rng, institutions.map((i) => i.id), now)
  for (const table of ['testing_reports', 'hazards']) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db)
  }
}

/** 能力验证 twice a year per institution, mostly satisfactory; a 飞行检查 for about half of them in the last year. */
async function insertInstitutionChecks(db: Kysely<any>, rng: Rng, institutionIds: number[], now: Date) {
  const verifications: Record<string, unknown>[] = []
  const checks: Record<string, unknown>[] = []
  for (const id of institutionIds) {
    for (let half = 0; half < 4; half++) {
      const [scheme, item] = rng.pick([['江苏省建设工程质量检测能力验证', '混凝土抗压强度'], ['江苏省建设工程质量检测能力验证', '钢筋屈服强度'],
        ['CNAS 能力验证计划', '砂氯离子含量'], ['苏州市检测机构比对试验', '水泥胶砂强度']] as const)
      verifications.push({
        institution_id: id, scheme, item, held_on: beijingDay(addDays(now, -(half * 182 + rng.int(10, 150)))),
        result: rng.weighted([['satisfactory', 88], ['questionable', 8], ['unsatisfactory', 4]] as const),
      })
    }
    if (!rng.chance(0.5)) continue
    const outcome = rng.weighted([['pass', 60], ['rectify', 32], ['fail', 8]] as const)
    const findings = outcome === 'pass' ? '未发现问题' : rng.pick(FLIGHT_FINDINGS.slice(0, -1))
    checks.push({ enterprise_id: id, kind: 'flight_check', inspected_at: addDays(now, -rng.int(5, 360)).toISOString(), outcome, findings })
  }
  await insertMany(db, 'capability_verifications', verifications)
  await insertMany(db, 'enterprise_inspections', checks)
}
