import { type Kysely, sql } from 'kysely'
import { beijingDay } from '../../server/domain/time.ts'
import { insertMany } from '../bulk.ts'
import type { Rng } from './random.ts'

/*
 * The records behind credit that supervision does not make itself: 生产安全事故 (rare, nearly all 一般, on sites
 * under construction) and awards to contractors (优质工程 扬子杯/姑苏杯, 文明工地; a 鲁班奖 now and then). Dates
 * spread over the last 18 months, so some fall out of the 12-month evaluation period. Credit itself is computed
 * from these and the inspections, hazards and notices by recomputeCredit at the end of the seed.
 */

const DAY_MS = 86_400_000
/** Grade, weight, and the deaths and injured it comes with (consistent with minimumAccidentGrade). */
const ACCIDENTS = [
  ['general', 93, [0, 1], [0, 3]], ['larger', 6, [3, 4], [0, 6]], ['major', 1, [10, 12], [5, 20]],
] as const
const KINDS = ['高处坠落', '物体打击', '机械伤害', '坍塌', '触电', '起重伤害']
const AWARDS = [
  ['national', 0.01, ['鲁班奖', '国家优质工程奖']],
  ['provincial', 0.06, ['江苏省优质工程奖“扬子杯”', '江苏省建筑施工标准化文明示范工地']],
  ['municipal', 0.15, ['苏州市优质工程奖“姑苏杯”', '苏州市建筑施工文明工地']],
] as const

export async function insertCreditRecords(db: Kysely<any>, rng: Rng, now: Date): Promise<void> {
  const nowDay = beijingDay(now)
  const sites = (await sql<{ id: number; start: string }>`SELECT id, start_date::text AS start FROM sites
    WHERE stage <> 'completed' AND start_date <= ${nowDay}::date - 30 ORDER BY id`.execute(db)).rows
  const accidents: Record<string, unknown>[] = []
  // About one accident a year per 150 sites under construction.
  for (const site of sites) {
    if (!rng.chance(1 / 150)) continue
    const [grade, , deaths, injuries] = rng.weighted(ACCIDENTS.map((a) => [a, a[1]] as const))
    const since = Math.max(now.getTime() - 540 * DAY_MS, new Date(`${site.start}T00:00:00+08:00`).getTime())
    const kind = rng.pick(KINDS)
    const d = rng.int(deaths[0], deaths[1])
    accidents.push({
      site_id: site.id, occurred_at: new Date(rng.range(since, now.getTime() - DAY_MS)), grade, deaths: d, injuries: rng.int(injuries[0], injuries[1]),
      description: `${kind}事故，${d > 0 ? `死亡${d}人` : '无人死亡'}，已按规定上报`,
    })
  }
  await insertMany(db, 'accidents', accidents)

  const contractors = (await sql<{ id: number; sites: number[] }>`SELECT enterprise_id AS id, array_agg(site_id ORDER BY site_id) AS sites
    FROM site_parties WHERE role = 'contractor' AND enterprise_id IS NOT NULL GROUP BY enterprise_id ORDER BY enterprise_id`.execute(db)).rows
  const awards: Record<string, unknown>[] = []
  for (const firm of contractors) {
    for (const [level, chance, titles] of AWARDS) {
      if (!rng.chance(chance)) continue
      awards.push({
        enterprise_id: firm.id, level, title: rng.pick(titles), site_id: rng.pick(firm.sites),
        awarded_on: beijingDay(new Date(now.getTime() - rng.int(10, 540) * DAY_MS)),
      })
    }
  }
  await insertMany(db, 'enterprise_awards', awards)
}
