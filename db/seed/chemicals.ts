import { type Kysely, sql } from 'kysely'
import { COMMON_CHEMICALS, type CommonChemical, dangerSourceRef, type IdentifiedRisk, type RiskLevel, surveyDangers } from '../../server/domain/chemicals.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { insertMany } from '../bulk.ts'
import { jsonb } from '../sql.ts'
import type { DB } from '../types.ts'
import type { Rng } from './random.ts'

/*
 * The hazardous-chemicals campaign in the seeded city: a few per cent of the sites under construction keep
 * chemicals (diesel for the machines, oxygen and acetylene for cutting, paints and thinners, LPG, cement
 * additives), stored at a point on the site and held by the site's contractor. About two thirds have had a risk
 * identification, linked to the running 危化品专项治理 when there is one; about a third of the risks found a danger,
 * which is a hazard: those past their deadline mostly closed, the rest open.
 */

const DAY_MS = 86_400_000
/** How often a site stores each chemical; oxygen always comes with acetylene (gas cutting). */
const STOCK: readonly (readonly [string, number])[] = [
  ['柴油', 8], ['乙炔', 5], ['油漆', 5], ['稀释剂（甲苯）', 3], ['液化石油气', 3], ['液体速凝剂（铝酸钠溶液）', 2], ['汽油', 1],
  ['丙烷', 1], ['二甲苯', 1], ['盐酸', 1], ['氢氧化钠', 1],
]
const QUANTITY: Record<string, [number, number]> = { t: [0.5, 6], L: [50, 800], kg: [20, 300], m3: [30, 240] }
const MEASURES: Record<string, string> = {
  fire: '配备干粉灭火器，严禁烟火，设置警示标志', explosion: '氧气、乙炔瓶分开存放，间距不小于5m，距明火不小于10m',
  leak: '设置防泄漏围堰，配备吸附材料', poisoning: '存放间通风良好，专人管理，配备MSDS', corrosion: '配备防护用品和应急冲淋装置',
  burn: '作业人员佩戴耐腐蚀手套和护目镜',
}
const DANGERS: Record<string, string[]> = {
  fire: ['存放点未配置灭火器', '存放区域堆放木模板等可燃物', '动火作业点距存放点不足10m'],
  explosion: ['氧气瓶与乙炔瓶间距不足5m', '气瓶未设防倾倒措施', '气瓶露天暴晒，未设遮阳棚'],
  leak: ['储油区未设防泄漏围堰', '油桶渗漏，地面有油污'],
  poisoning: ['存放间通风不良', '未设安全警示标志，无MSDS'],
  corrosion: ['未配备应急冲淋和防护用品', '包装桶破损'],
  burn: ['作业人员未佩戴防护手套'],
}
const CONCLUSIONS = ['已完成风险辨识，存在隐患的已下达整改要求', '风险辨识完成，管控措施基本落实', '危化品存放基本规范，个别问题限期整改']

function levelOf(rng: Rng, chemical: CommonChemical): RiskLevel {
  if (chemical.hazardClass === '2.1') return rng.chance(0.2) ? 'major' : 'high'
  if (chemical.hazardClass === '3' || chemical.hazardClass === '8') return rng.chance(0.3) ? 'high' : 'moderate'
  return rng.chance(0.5) ? 'moderate' : 'low'
}

export async function insertChemicals(db: Kysely<DB>, rng: Rng, now: Date): Promise<void> {
  const nowDay = beijingDay(now)
  const sites = (await sql<{ id: number; districtId: number; lon: number; lat: number; contractorId: number | null; contractor: string | null }>`
    SELECT s.id, s.district_id AS "districtId", ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat, sp.enterprise_id AS "contractorId", sp.recorded_name AS contractor
    FROM sites s CROSS JOIN LATERAL (SELECT ST_PointOnSurface(coalesce(s.footprint, s.location)) AS pt) p
    LEFT JOIN LATERAL (SELECT enterprise_id, recorded_name FROM site_parties WHERE site_id = s.id AND role = 'contractor' LIMIT 1) sp ON true
    WHERE s.stage <> 'completed' ORDER BY s.id`.execute(db)).rows
  if (sites.length === 0) return
  const campaign = (await sql<{ id: number; startsOn: string; scopeKind: string; districtIds: number[] }>`
    SELECT id, starts_on::text AS "startsOn", scope_kind AS "scopeKind", district_ids AS "districtIds" FROM campaigns
    WHERE kind = 'hazardous_chemicals' AND ${nowDay}::date BETWEEN starts_on AND ends_on ORDER BY starts_on DESC, id LIMIT 1`.execute(db)).rows[0]
  const ids = (await sql<{ chemical: number; survey: number; hazard: number }>`SELECT coalesce((SELECT max(id) FROM site_chemicals), 0) AS chemical,
    coalesce((SELECT max(id) FROM chemical_surveys), 0) AS survey, coalesce((SELECT max(id) FROM hazards), 0) AS hazard`.execute(db)).rows[0]
  let chemicalId = Number(ids.chemical)
  let surveyId = Number(ids.survey)
  let hazardId = Number(ids.hazard)
  const chemicals: Record<string, unknown>[] = []
  const surveys: Record<string, unknown>[] = []
  const hazards: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  // A few per cent of a large city, but never fewer than a handful of sites in a small one.
  const share = Math.max(0.04, 6 / sites.length)
  for (const site of sites) {
    if (!rng.chance(share)) continue
    const names = new Set<string>()
    for (let k = rng.int(1, 3); k > 0; k--) names.add(rng.weighted(STOCK))
    if (names.has('乙炔')) names.add('氧气')
    const stored = [...names].map((name) => {
      const chemical = COMMON_CHEMICALS.find((c) => c.name === name)!
      const [low, high] = QUANTITY[chemical.unit]
      const id = ++chemicalId
      chemicals.push({
        id, site_id: site.id, name, cas_no: chemical.casNo, un_no: chemical.unNo, hazard_class: chemical.hazardClass,
        max_quantity: Math.round(rng.range(low, high) * 10) / 10, unit: chemical.unit, storage_location: `SRID=4326;POINT(${site.lon} ${site.lat})`,
        storage_note: chemical.hazardClass.startsWith('2') ? '气瓶库（围栏、遮阳）' : '危化品仓库', responsible_enterprise_id: site.contractorId,
        responsible_name: site.contractor ?? '施工总承包单位', recorded_at: addDays(now, -rng.int(65, 200)).toISOString(),
      })
      return { id, chemical }
    })
    if (!rng.chance(0.65)) continue
    const linked = campaign && (campaign.scopeKind === 'city' || (campaign.scopeKind === 'districts' && campaign.districtIds.map(Number).includes(site.districtId)))
    const from = linked ? Math.max(new Date(`${campaign.startsOn}T09:00:00+08:00`).getTime(), now.getTime() - 60 * DAY_MS) : now.getTime() - 60 * DAY_MS
    const surveyed = new Date(from + rng.next() * Math.max(DAY_MS, now.getTime() - DAY_MS - from))
    // The first survey always finds something, so that even a small city has a danger to follow.
    const mustFind = hazards.length === 0
    const risks: IdentifiedRisk[] = stored.map(({ id, chemical }, k) => {
      const risk = rng.pick(chemical.risks)
      const danger = (rng.chance(0.35) || (mustFind && k === 0)) && DANGERS[risk] ? rng.pick(DANGERS[risk]) : undefined
      return { chemicalId: id, risk, level: levelOf(rng, chemical), measure: MEASURES[risk] ?? '专人管理，定期检查', ...(danger ? { danger } : {}) }
    })
    const id = ++surveyId
    surveys.push({
      id, site_id: site.id, campaign_id: linked ? campaign.id : null, surveyed_at: surveyed.toISOString(), risks: jsonb(risks),
      conclusion: rng.pick(CONCLUSIONS),
    })
    for (const danger of surveyDangers(risks, (cid) => stored.find((s) => s.id === cid)!.chemical.name)) {
      const deadline = addDays(surveyed, danger.deadlineDays)
      const closed = deadline.getTime() + 2 * DAY_MS < now.getTime() && rng.chance(0.75)
      const hid = ++hazardId
      hazards.push({
        id: hid, site_id: site.id, severity: danger.severity, category: danger.category, description: danger.description,
        status: closed ? 'closed' : 'open', found_at: surveyed.toISOString(), deadline: beijingDay(deadline),
        closed_at: closed ? deadline.toISOString() : null, raised_by: 'chemical', source_ref: dangerSourceRef(id, danger.index),
      })
      const steps = closed ? ['open', 'rectifying', 'submitted', 'closed'] : ['open']
      steps.forEach((to, i) => events.push({
        hazard_id: hid, from_status: i === 0 ? null : steps[i - 1], to_status: to,
        at: new Date(surveyed.getTime() + (i * (deadline.getTime() - surveyed.getTime())) / steps.length).toISOString(), note: i === 0 ? danger.category : '',
      }))
    }
  }
  await insertMany(db, 'site_chemicals', chemicals)
  await insertMany(db, 'chemical_surveys', surveys)
  await insertMany(db, 'hazards', hazards)
  await insertMany(db, 'hazard_events', events)
  for (const table of ['site_chemicals', 'chemical_surveys', 'hazards']) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db)
  }
}
