import { type Kysely, sql } from 'kysely'
import { insertMany } from '../bulk.ts'
import {
  CRANE_DRIVER, CRANE_SIGNALER, type CertificateKind, REGISTERED_CONSTRUCTOR, REGISTERED_SUPERVISOR, requiredPositions, type StaffRole,
} from '../../server/domain/certification.ts'
import { makeIdNumber } from '../../server/domain/id-number.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { personName } from './names.ts'
import type { Rng } from './random.ts'

/*
 * 人员库 for the seeded city: the key staff every site under way requires (server/domain/certification.ts), employed
 * by the site's contractor or supervisor, each with the certificates the role needs. Most are valid; about 5% expire
 * within 30 days and about 1% have expired (the certificate sweep raises those on active sites); some were renewed
 * (history via replaces_id). Two sites lack a required role, two project managers run two active sites at once,
 * some assignments have ended and a few names are left unmatched. Completed sites keep their past staff.
 */

interface SiteRow { id: number; stage: string; floor_area_m2: number; contract_value_wan: number; start: string | null; contractor: number | null; supervisor: number | null; towers: number }

interface Need { kind: CertificateKind; specialty: string }
interface Holder { id: number; name: string }

// Sites whose staff are written per statement batch: a million sites' people, certificates and assignments held at
// once took the seed's Node heap to its 4 GB limit.
const SITES_PER_FLUSH = 20_000

// 江苏 local people mostly (苏州 districts and cities), the rest from the provinces that send most builders.
const REGIONS = ['320505', '320506', '320507', '320508', '320509', '320581', '320582', '320583', '320585', '320506', '320508',
  '340121', '341221', '411324', '510722', '321322', '320923', '362321']
const VALID_YEARS: Record<CertificateKind, number> = { safety_a: 3, safety_b: 3, safety_c: 3, special_work: 6, registered: 3 }
const ISSUER: Record<CertificateKind, string> = { safety_a: '江苏省住房和城乡建设厅', safety_b: '江苏省住房和城乡建设厅', safety_c: '江苏省住房和城乡建设厅',
  special_work: '江苏省住房和城乡建设厅', registered: '中华人民共和国住房和城乡建设部' }
const PREFIX: Record<CertificateKind, string> = { safety_a: '苏建安A', safety_b: '苏建安B', safety_c: '苏建安C', special_work: '苏建特', registered: '苏' }
const ROLE_NEEDS: Record<string, Need[]> = {
  project_manager: [{ kind: 'safety_b', specialty: '' }, { kind: 'registered', specialty: REGISTERED_CONSTRUCTOR }],
  chief_supervisor: [{ kind: 'registered', specialty: REGISTERED_SUPERVISOR }],
  safety_director: [{ kind: 'safety_c', specialty: '' }], safety_officer: [{ kind: 'safety_c', specialty: '' }],
  crane_driver: [{ kind: 'special_work', specialty: CRANE_DRIVER }], crane_signaler: [{ kind: 'special_work', specialty: CRANE_SIGNALER }],
}

export async function insertRegistryPeople(db: Kysely<any>, rng: Rng, now: Date): Promise<{ people: number; certificates: number }> {
  const { rows: sites } = await sql<SiteRow>`
    SELECT s.id, s.stage, s.floor_area_m2, s.contract_value_wan, s.start_date::text AS start,
      (SELECT enterprise_id FROM site_parties sp WHERE sp.site_id = s.id AND sp.role = 'contractor') AS contractor,
      (SELECT enterprise_id FROM site_parties sp WHERE sp.site_id = s.id AND sp.role = 'supervisor') AS supervisor,
      (SELECT count(*) FROM cranes c WHERE c.site_id = s.id AND c.kind = 'tower_crane' AND c.stage <> 'dismantled')::int AS towers
    FROM sites s ORDER BY s.id`.execute(db)
  const hasSupervisor = new Set((await sql<{ site_id: number }>`SELECT site_id FROM site_parties WHERE role = 'supervisor'`.execute(db)).rows.map((r) => r.site_id))
  const contractors = (await sql<{ id: number }>`SELECT id FROM enterprises WHERE 'contractor' = ANY(kinds) ORDER BY id`.execute(db)).rows.map((r) => r.id)
  const ids = await sql<{ p: number; c: number }>`SELECT coalesce((SELECT max(id) FROM people), 0) AS p, coalesce((SELECT max(id) FROM certificates), 0) AS c`.execute(db)
  let personId = Number(ids.rows[0].p)
  let certId = Number(ids.rows[0].c)
  const today = beijingDay(now)
  const people: Record<string, unknown>[] = []
  const certificates: Record<string, unknown>[] = []
  const staff: Record<string, unknown>[] = []
  const idNumbers = new Set<string>()

  const newIdNumber = () => {
    for (;;) {
      const born = addDays(new Date(Date.UTC(1965, 0, 1)), rng.int(0, 365 * 35))
      const id = makeIdNumber(rng.pick(REGIONS), born.toISOString().slice(0, 10).replaceAll('-', ''), rng.int(1, 999))
      if (!idNumbers.has(id)) { idNumbers.add(id); return id }
    }
  }
  /** An expiry: mostly well ahead, ~5% within 30 days, ~1% already past. */
  const expiry = () => {
    const r = rng.next()
    const days = r < 0.01 ? -rng.int(1, 120) : r < 0.06 ? rng.int(0, 29) : rng.int(31, 365 * 3)
    return addDays(now, days)
  }
  const certificate = (holder: number, need: Need) => {
    const years = VALID_YEARS[need.kind]
    const expires = expiry()
    const issued = addDays(expires, -365 * years)
    let replaces: number | null = null
    // About a fifth were renewed once: the earlier certificate stays as history.
    if (rng.chance(0.2)) {
      replaces = ++certId
      certificates.push(certRow(replaces, holder, need, addDays(issued, -365 * years), addDays(issued, -1), null))
    }
    certificates.push(certRow(++certId, holder, need, issued, expires, replaces))
  }
  const certRow = (id: number, holder: number, need: Need, issued: Date, expires: Date, replaces: number | null) => ({
    id, person_id: holder, kind: need.kind, specialty: need.specialty, number: `${PREFIX[need.kind]}(${beijingDay(issued).slice(0, 4)})${String(id).padStart(7, '0')}`,
    issuer: ISSUER[need.kind], issued_on: beijingDay(issued), expires_on: beijingDay(expires), revoked_on: null, replaces_id: replaces,
  })
  const person = (employer: number | null, needs: Need[]): Holder => {
    const id = ++personId
    const idNumber = newIdNumber()
    const holder = { id, name: personName(rng) }
    people.push({ id, id_number: idNumber, name: holder.name, employer_id: employer ?? (contractors.length && rng.chance(0.5) ? rng.pick(contractors) : null),
      phone: `1${rng.pick(['3', '5', '8'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}` })
    for (const need of needs) certificate(holder.id, need)
    return holder
  }
  // recorded_name is the name as recorded: a matched person's own, else the name typed.
  const assign = (site: SiteRow, role: StaffRole, holder: Holder | null, typed: string, from: string, to: string | null) =>
    staff.push({ site_id: site.id, role, person_id: holder?.id ?? null, recorded_name: holder?.name ?? typed, from_date: from, to_date: to })
  let written = { people: 0, certificates: 0 }
  const flush = async () => {
    await insertMany(db, 'people', people)
    await insertMany(db, 'certificates', certificates)
    await insertMany(db, 'site_staff', staff)
    // The certificates' KPI trigger joins site_staff by person. Rows written in this transaction have no statistics,
    // so without this the planner scanned all of site_staff for every statement of certificates: 1.4 s a statement
    // at 2 million assignments, and the registry of a million-site city took over an hour.
    await sql`ANALYZE site_staff`.execute(db)
    written = { people: written.people + people.length, certificates: written.certificates + certificates.length }
    people.length = certificates.length = staff.length = 0
  }

  /** A day an assignment that began on `from` ended: within the last `days`, never before it began. */
  const ended = (from: string, days: number) => {
    const day = beijingDay(addDays(now, -rng.int(1, days)))
    return day < from ? from : day
  }
  const active = sites.filter((s) => s.stage !== 'completed')
  // Two sites miss a required role; two project managers also run a second active site.
  const missing = new Map([[active[Math.floor(active.length / 3)]?.id, 'safety_officer'], [active[Math.floor((2 * active.length) / 3)]?.id, 'project_manager']])
  const secondPmSite = new Map([[active[6]?.id, active[5]?.id], [active[12]?.id, active[11]?.id]])
  const pmOf = new Map<number, Holder>()
  for (const [index, site] of sites.entries()) {
    if (index > 0 && index % SITES_PER_FLUSH === 0) await flush()
    const from = site.start && site.start < today ? site.start : beijingDay(addDays(now, -rng.int(30, 400)))
    if (site.stage === 'completed') {
      // Their project manager's assignment ended with the works.
      if (rng.chance(0.5)) assign(site, 'project_manager', person(site.contractor, ROLE_NEEDS.project_manager), '', from, ended(from, 300))
      continue
    }
    const facts = { stage: site.stage, floorAreaM2: site.floor_area_m2, contractValueWan: site.contract_value_wan, hasSupervisor: hasSupervisor.has(site.id), liveTowerCranes: site.towers }
    for (const position of requiredPositions(facts)) {
      for (let n = 0; n < position.count; n++) {
        if (n === 0 && missing.get(site.id) === position.key) continue
        const employer = position.key === 'chief_supervisor' ? site.supervisor : site.contractor
        const reused = position.key === 'project_manager' ? pmOf.get(secondPmSite.get(site.id) ?? -1) : undefined
        // About 0.5% were typed by name only and never matched to the registry.
        const unmatched = reused === undefined && rng.chance(0.005)
        const holder = reused ?? (unmatched ? null : person(employer, ROLE_NEEDS[position.key]))
        if (position.key === 'project_manager' && holder !== null) pmOf.set(site.id, holder)
        assign(site, position.role, holder, unmatched ? personName(rng) : '', from, null)
      }
    }
    // Some safety officers moved on: a past assignment before the current one.
    if (rng.chance(0.1)) assign(site, 'safety_officer', person(site.contractor, ROLE_NEEDS.safety_officer), '', from, ended(from, 30))
  }
  await flush()
  await sql`SELECT setval(pg_get_serial_sequence('people', 'id'), ${personId + 1}, false), setval(pg_get_serial_sequence('certificates', 'id'), ${certId + 1}, false)`.execute(db)
  return written
}
