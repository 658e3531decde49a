import { type Kysely, sql } from 'kysely'
import {
  COMPONENT_SPECS, FAILED_BATCH_CATEGORY, FAILED_BATCH_DEADLINE_DAYS, failedBatchDescription, judgeSampling, labCoversScaffold, limitsFor,
  type Measurement, propertiesOf, type ScaffoldComponent, type ScaffoldProperty,
} from '../../server/domain/scaffold.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { insertMany } from '../bulk.ts'
import { jsonb } from '../sql.ts'
import type { DB } from '../types.ts'
import type { Rng } from './random.ts'

/*
 * 盘扣专项 spot checks in the seeded city: batches sampled on a few per cent of the sites under construction during
 * the finished scaffold campaign (or, without one, the last three months), tested by labs qualified for building
 * components. Five manufacturers; 沧州 one ships thin-walled, weak tubes and fails about half its batches, the
 * others one in twenty. Each failed batch has its major hazard, closed when its deadline is well past.
 */

const DAY_MS = 86_400_000
const MANUFACTURERS: [name: string, failRate: number, weight: number][] = [
  ['江苏固扣架业科技有限公司', 0.05, 5], ['苏州盘安模架制造有限公司', 0.04, 4], ['无锡承插钢管构件有限公司', 0.06, 3],
  ['浙江安立达脚手架有限公司', 0.05, 2], ['沧州恒鑫架业有限公司', 0.5, 3],
]
const COMPONENTS: [ScaffoldComponent, number][] = [['standard', 5], ['ledger', 3], ['diagonal', 2], ['adjustable_base', 1], ['adjustable_head', 1], ['rosette', 2], ['wedge_pin', 1]]
/** The properties a failing batch most often misses: thin walls and under-strength steel. */
const FAILING: ScaffoldProperty[] = ['wall_thickness', 'wall_thickness', 'yield_strength', 'outer_diameter', 'tensile_strength', 'plate_thickness']

const round = (n: number, digits: number) => Number(n.toFixed(digits))

/** A lab's measurements of the batch's samples: within the limits, or missing one property's when told to fail. */
function measure(rng: Rng, component: ScaffoldComponent, samples: number, fail: boolean): Measurement[] {
  const size = COMPONENT_SPECS[component].sizes ? rng.pick(COMPONENT_SPECS[component].sizes!) : null
  const properties = propertiesOf(component)
  const failing = fail ? rng.pick(FAILING.filter((p) => properties.includes(p))) : null
  const limits = limitsFor(component, size ? [{ property: 'outer_diameter', values: [size.diameter] }] : [])
  return properties.map((property) => {
    const limit = limits[property]!
    const value = (bad: boolean) => {
      switch (property) {
        case 'outer_diameter': return round(size!.diameter + (bad ? -rng.range(0.4, 1.2) : rng.range(-0.1, 0.2)), 2)
        case 'wall_thickness': return round(size!.wall + (bad ? -rng.range(0.2, 0.6) : rng.range(-0.05, 0.15)), 2)
        case 'plate_thickness': return round(limit.min + (bad ? -rng.range(0.5, 2) : rng.range(0.3, 2.5)), 1)
        case 'elongation': return round(limit.min + rng.range(1, 9), 1)
        default: return Math.round(limit.min * (bad ? rng.range(0.8, 0.96) : rng.range(1.04, 1.3)))
      }
    }
    const bad = new Set(property === failing ? [rng.int(0, samples - 1), ...(rng.chance(0.5) ? [rng.int(0, samples - 1)] : [])] : [])
    return { property, values: Array.from({ length: samples }, (_, i) => value(bad.has(i))) }
  })
}

export async function insertScaffoldSamplings(db: Kysely<DB>, rng: Rng, now: Date): Promise<void> {
  const campaign = (await sql<{ id: number; startsOn: string; endsOn: string }>`SELECT id, starts_on::text AS "startsOn", ends_on::text AS "endsOn"
    FROM campaigns WHERE kind = 'scaffold' AND ends_on < ${beijingDay(now)}::date ORDER BY ends_on DESC, id LIMIT 1`.execute(db)).rows[0]
  const from = campaign ? new Date(`${campaign.startsOn}T09:00:00+08:00`) : addDays(now, -90)
  const to = campaign ? new Date(`${campaign.endsOn}T09:00:00+08:00`) : addDays(now, -7)
  const labs = (await sql<{ id: number; texts: string[] }>`SELECT e.id, array_agg(q.category || ' ' || q.scope) AS texts FROM enterprises e
    JOIN enterprise_qualifications q ON q.enterprise_id = e.id AND q.valid_until >= ${beijingDay(to)}::date
    WHERE 'testing' = ANY(e.kinds) GROUP BY e.id ORDER BY e.id`.execute(db)).rows.filter((l) => labCoversScaffold(l.texts))
  const sites = (await sql<{ id: number }>`SELECT id FROM sites WHERE stage IN ('main_structure', 'finishing')
    AND start_date <= ${beijingDay(from)}::date ORDER BY id`.execute(db)).rows
  if (labs.length === 0 || sites.length === 0) return
  const ids = (await sql<{ sampling: number; hazard: number }>`SELECT coalesce((SELECT max(id) FROM scaffold_samplings), 0) AS sampling,
    coalesce((SELECT max(id) FROM hazards), 0) AS hazard`.execute(db)).rows[0]
  let samplingId = Number(ids.sampling)
  let hazardId = Number(ids.hazard)
  const samplings: Record<string, unknown>[] = []
  const hazards: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  const failedOnce = new Set<string>()
  const chosen = Math.max(8, Math.round(sites.length * 0.03))
  for (let k = 0; k < chosen; k++) {
    const site = rng.pick(sites)
    for (let n = rng.int(1, 3); n > 0; n--) {
      const [manufacturer, failRate] = rng.weighted(MANUFACTURERS.map((m) => [m, m[2]] as const))
      const component = rng.weighted(COMPONENTS)
      const sampleCount = rng.pick([3, 3, 5, 6])
      // The poor manufacturer's first batch fails whatever the draw, so that even a small city shows it.
      const fail = rng.chance(failRate) || (failRate >= 0.5 && !failedOnce.has(manufacturer))
      if (fail) failedOnce.add(manufacturer)
      const results = measure(rng, component, sampleCount, fail)
      const judgment = judgeSampling(component, results)
      const sampled = new Date(from.getTime() + rng.next() * (to.getTime() - from.getTime()))
      const id = ++samplingId
      const batchNo = `${beijingDay(sampled).replaceAll('-', '')}-${String(rng.int(1, 999)).padStart(3, '0')}`
      let hazard: number | null = null
      if (judgment.verdict === 'fail') {
        hazard = ++hazardId
        const found = addDays(sampled, rng.int(2, 6))
        const deadline = addDays(found, FAILED_BATCH_DEADLINE_DAYS)
        const closed = deadline.getTime() + 5 * DAY_MS < now.getTime() && rng.chance(0.85)
        hazards.push({
          id: hazard, site_id: site.id, severity: 'major', category: FAILED_BATCH_CATEGORY, status: closed ? 'closed' : 'open',
          description: failedBatchDescription({ component, batchNo, manufacturerName: manufacturer, sampleCount }, judgment),
          found_at: found.toISOString(), deadline: beijingDay(deadline), closed_at: closed ? deadline.toISOString() : null,
          raised_by: 'scaffold', source_ref: `scaffold:${id}`,
        })
        const steps = closed ? ['open', 'rectifying', 'submitted', 'closed'] : ['open']
        steps.forEach((step, i) => events.push({
          hazard_id: hazard, from_status: i === 0 ? null : steps[i - 1], to_status: step,
          at: new Date(found.getTime() + (i * (deadline.getTime() - found.getTime())) / steps.length).toISOString(), note: i === 0 ? FAILED_BATCH_CATEGORY : '',
        }))
      }
      samplings.push({
        id, site_id: site.id, campaign_id: campaign?.id ?? null, sampled_on: beijingDay(sampled), component, batch_no: batchNo,
        manufacturer_name: manufacturer, manufacturer_id: null, sample_count: sampleCount, lab_id: rng.pick(labs).id,
        results: jsonb(results), verdict: judgment.verdict, failed_samples: judgment.failedSamples, hazard_id: hazard,
        recorded_at: addDays(sampled, rng.int(2, 6)).toISOString(),
      })
    }
  }
  // Hazards first: a sampling names its hazard.
  await insertMany(db, 'hazards', hazards)
  await insertMany(db, 'hazard_events', events)
  await insertMany(db, 'scaffold_samplings', samplings)
  for (const table of ['scaffold_samplings', 'hazards']) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(db)
  }
}
