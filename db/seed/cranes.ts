import { type Kysely, sql } from 'kysely'
import { applyStep, type MachineState, stageAfter, type StepInput, UNFILED } from '../../server/domain/crane-lifecycle.ts'
import { beijingDay, shiftDay } from '../../server/domain/time.ts'
import { insertMany } from '../bulk.ts'
import type { EnterprisePool } from './enterprises.ts'
import type { Rng } from './random.ts'

/*
 * Crane lives for the seeded city (建筑起重机械全生命周期). The sites step made one machine per crane standing on a
 * site; this gives each machine a maker, an owner from the registry and a history written step by step through the
 * domain's state machine (so the seed can never hold a life the portal would refuse): filing, install notice by
 * an installer, inspection by a testing institution, use registration, periodic inspections and monthly
 * maintenance. Most cranes are in use; some are just notified, inspected, or about to come down; a few work past
 * their inspection (the sweep raises those); a quarter came from an earlier site where they were dismantled; and
 * a few machines wait in the yard, some scrapped. Only the last four months of maintenance are kept, to stay small.
 */

const MAKERS: Record<string, [string, string[]][]> = {
  tower_crane: [['中联重科', ['TC6013', 'TC7052', 'T7020']], ['徐工建机', ['XGT7022', 'XGT6013']], ['三一重工', ['SYT80', 'SYT125']], ['永茂建机', ['STT293', 'ST7027']]],
  hoist: [['广州京龙', ['SC200/200', 'SCD200/200']], ['中联重科', ['SC200/200G']], ['宝达机械', ['SC100/100']]],
  gantry_crane: [['卫华集团', ['MH16t-24m', 'MG32t-30m']], ['纽科伦', ['MH10t-20m']]],
}
const PROVINCE = { tower_crane: 'TQ', hoist: 'SS', gantry_crane: 'MQ' } as Record<string, string>
const INSPECTION_VALID_DAYS = 365
const MAINTENANCE_EVERY_DAYS = 30
const KEPT_MAINTENANCE_DAYS = 120
const FLUSH_EVERY_MACHINES = 5_000

interface Crane { id: number; site_id: number; machine_id: number; kind: string; installed_on: string; monitored: boolean }

export async function insertCraneLifecycles(db: Kysely<any>, rng: Rng, pool: EnterprisePool, now: Date): Promise<void> {
  const today = beijingDay(now)
  const { rows: cranes } = await sql<Crane>`SELECT id, site_id, machine_id, kind, installed_on::text AS installed_on, monitored FROM cranes ORDER BY id`.execute(db)
  const { rows: done } = await sql<{ id: number }>`SELECT id FROM sites WHERE stage = 'completed' ORDER BY id`.execute(db)
  const formerSites = done.length > 0 ? done.map((s) => s.id) : [...new Set(cranes.map((c) => c.site_id))]
  // Folded, not spread: a million-site city has more cranes than a call's arguments may hold.
  let nextMachine = cranes.reduce((max, c) => Math.max(max, c.machine_id), 0) + 1
  let nextCrane = cranes.reduce((max, c) => Math.max(max, c.id), 0) + 1
  const machines: Record<string, unknown>[] = []
  const installations: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  const firm = (kind: keyof EnterprisePool) => rng.pick(pool[kind]).id

  /** One machine's life: every step goes through the state machine, which throws on a life the portal would refuse. */
  function life(machineId: number, kind: string) {
    let state: MachineState = UNFILED
    let craneId: number | null = null
    let row: Record<string, unknown> | null = null
    const take = (input: StepInput, extra: Record<string, unknown> = {}) => {
      const outcome = applyStep(state, input, today)
      if (!outcome.ok) throw new Error(`seed: crane machine ${machineId} ${input.step} on ${input.on} refused (${outcome.reason})`)
      state = outcome.state
      if (row) {
        row.stage = stageAfter(state)
        if (input.step === 'inspection') row.last_inspected_on = input.on
        if (input.step === 'use_registration') row.registration_no = input.documentNo
        if (input.step === 'dismantled') row.dismantled_on = input.on
      }
      events.push({
        machine_id: machineId, crane_id: input.step === 'filing' ? null : craneId, step: input.step, occurred_on: input.on, enterprise_id: input.enterpriseId ?? null,
        document_no: input.documentNo ?? null, passed: input.passed ?? null, expires_on: input.passed ? input.expiresOn : null, note: '', ...extra,
      })
    }
    const install = (id: number, siteId: number, on: string, monitored: boolean) => {
      const installer = firm('crane_installer')
      craneId = id
      row = { id, site_id: siteId, machine_id: machineId, kind, installed_on: on, installer_id: installer, stage: 'install_notified', registration_no: null,
        last_inspected_on: null, dismantled_on: null, monitored }
      installations.push(row)
      take({ step: 'install_notice', on, siteId, enterpriseId: installer })
    }
    const inspect = (on: string, expiresOn = shiftDay(on, INSPECTION_VALID_DAYS)) => take({ step: 'inspection', on, passed: true, expiresOn, enterpriseId: firm('testing') })
    /**
     * Inspected, registered, then yearly inspections and monthly maintenance until `until` (exclusive). With
     * `lapsedOn`, the last inspection ran out that day, when it can (after the inspection and the registration).
     */
    const use = (from: string, until: string, options: { lapsedOn?: string; maintenanceStopsAt?: string } = {}) => {
      const first = shiftDay(from, rng.int(3, 8))
      const registered = shiftDay(first, rng.int(2, 6))
      const inspections = [first]
      for (let on = shiftDay(registered, INSPECTION_VALID_DAYS - rng.int(5, 20)); on < until; on = shiftDay(on, INSPECTION_VALID_DAYS - rng.int(5, 20))) inspections.push(on)
      const last = inspections.at(-1)!
      const lapse = options.lapsedOn && options.lapsedOn > last && options.lapsedOn >= registered ? options.lapsedOn : undefined
      const expiry = (on: string) => (on === last && lapse ? lapse : shiftDay(on, INSPECTION_VALID_DAYS))
      inspect(first, expiry(first))
      take({ step: 'use_registration', on: registered, documentNo: `苏EU-${PROVINCE[kind]}-${String(craneId).padStart(6, '0')}`, enterpriseId: firm('crane_owner') })
      const periodic: [string, 'inspection' | 'maintenance'][] = inspections.slice(1).map((on) => [on, 'inspection'])
      const keepFrom = shiftDay(until, -KEPT_MAINTENANCE_DAYS)
      const stopAt = options.maintenanceStopsAt ?? until
      for (let on = shiftDay(registered, MAINTENANCE_EVERY_DAYS); on < stopAt; on = shiftDay(on, MAINTENANCE_EVERY_DAYS - rng.int(0, 4))) if (on >= keepFrom) periodic.push([on, 'maintenance'])
      periodic.sort((a, b) => a[0].localeCompare(b[0]))
      for (const [on, step] of periodic) {
        if (step === 'inspection') inspect(on, expiry(on))
        else take({ step: 'maintenance', on, enterpriseId: firm('crane_maintainer') })
      }
    }
    const dismantle = (notice: string, on: string) => {
      const by = firm('crane_installer')
      take({ step: 'dismantle_notice', on: notice, enterpriseId: by })
      take({ step: 'dismantled', on, enterpriseId: by })
    }
    return { take, install, inspect, use, dismantle }
  }

  function machine(id: number, kind: string, filedOn: string) {
    const [maker, models] = rng.pick(MAKERS[kind])
    const owner = rng.pick(pool.crane_owner)
    machines.push({ id, record_no: `苏${PROVINCE[kind]}-${String(id).padStart(6, '0')}`, kind, maker, model: rng.pick(models),
      made_year: Number(filedOn.slice(0, 4)) - rng.int(0, 6), owner_id: owner.id, owner_recorded_name: owner.name, filed_on: filedOn, scrapped_on: null })
    return machines.at(-1)!
  }

  /** A whole stay on a former site, dismantled by `end`. */
  const formerStay = (l: ReturnType<typeof life>, end: string, siteId: number) => {
    const start = shiftDay(end, -rng.int(150, 600))
    l.install(nextCrane++, siteId, start, false)
    const notice = shiftDay(end, -rng.int(3, 10))
    l.use(start, notice)
    l.dismantle(notice, end)
  }

  // Written a few thousand machines at a time: a million-site city's machines, stays and years of monthly
  // maintenance are tens of millions of rows, more than a Node heap holds at once.
  const flush = async () => {
    await insertMany(db, 'crane_machines', machines.splice(0), 'id')
    await insertMany(db, 'cranes', installations.splice(0).sort((a, b) => Number(a.id) - Number(b.id)), 'id')
    await insertMany(db, 'crane_events', events.splice(0))
  }
  for (const [i, c] of cranes.entries()) {
    if (i > 0 && i % FLUSH_EVERY_MACHINES === 0) await flush()
    const stage = rng.weighted([['in_use', 84], ['install_notified', 5], ['inspected', 5], ['dismantle_notified', 6]] as const)
    const notice = stage === 'install_notified' ? shiftDay(today, -rng.int(1, 12)) : stage === 'inspected' ? shiftDay(today, -rng.int(15, 40))
      : c.installed_on < shiftDay(today, -40) ? c.installed_on : shiftDay(today, -rng.int(40, 90))
    const moved = rng.chance(0.25)
    const formerEnd = shiftDay(notice, -rng.int(10, 60))
    const filed = shiftDay(moved ? shiftDay(formerEnd, -700) : notice, -rng.int(20, 200))
    machine(c.machine_id, c.kind, filed)
    const l = life(c.machine_id, c.kind)
    l.take({ step: 'filing', on: filed, documentNo: `苏${PROVINCE[c.kind]}-${String(c.machine_id).padStart(6, '0')}` })
    if (moved) formerStay(l, formerEnd, rng.pick(formerSites))
    l.install(c.id, c.site_id, notice, c.monitored)
    if (stage === 'inspected') l.inspect(shiftDay(today, -rng.int(2, 12)))
    if (stage === 'in_use') {
      // A few work on past their inspection's expiry; a few are overdue for maintenance.
      const lapsedOn = rng.chance(0.03) ? shiftDay(today, -rng.int(3, 40)) : undefined
      l.use(notice, shiftDay(today, 1), { lapsedOn, maintenanceStopsAt: rng.chance(0.06) ? shiftDay(today, -rng.int(35, 60)) : undefined })
    }
    if (stage === 'dismantle_notified') {
      const at = shiftDay(today, -rng.int(1, 10))
      l.use(notice, at)
      l.take({ step: 'dismantle_notice', on: at, enterpriseId: firm('crane_installer') })
    }
  }

  // The yard: machines between sites, a few never yet installed, and a couple scrapped after their last site.
  const yard = Math.max(5, Math.round(cranes.length * 0.03))
  for (let k = 0; k < yard; k++) {
    const id = nextMachine++
    const kind = rng.weighted([['tower_crane', 6], ['hoist', 3], ['gantry_crane', 1]] as const)
    const end = shiftDay(today, -rng.int(20, 300))
    const filed = shiftDay(end, -rng.int(620, 900))
    const record = machine(id, kind, filed)
    const l = life(id, kind)
    l.take({ step: 'filing', on: filed, documentNo: String(record.record_no) })
    if (k % 5 === 4) continue
    formerStay(l, end, rng.pick(formerSites))
    if (k < 2) record.scrapped_on = shiftDay(end, rng.int(5, 15))
  }

  await flush()
}
