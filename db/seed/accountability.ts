import { type Kysely, sql } from 'kysely'
import { actionCode, type ActionKind, type DistrictFigures, safetyConcern } from '../../server/domain/accountability.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import type { DB } from '../types.ts'
import type { Rng } from './random.ts'

/*
 * Accountability: two accidents followed up (one investigation closed with penalties on both sides of 一案双查, one
 * still running with the contractor fined), and three actions — a 督办函 replied on time, a 约谈告诫 about the
 * latest accident awaiting its reply, and a 通报批评 whose reply is overdue. Accidents come from the credit seed;
 * a small city that has fewer than two gets them here. Dates are relative to the seed's `now`.
 */

const DAY_MS = 86_400_000

interface AccidentRow { id: number; siteId: number; districtId: number; occurredAt: Date; deaths: number; contractor: number | null; supervisor: number | null }

export async function insertAccountability(db: Kysely<DB>, rng: Rng, now: Date): Promise<void> {
  const districts = (await sql<{ id: number; name: string }>`SELECT d.id, d.name FROM districts d
    WHERE EXISTS (SELECT 1 FROM sites s WHERE s.district_id = d.id AND s.stage <> 'completed') ORDER BY d.id`.execute(db)).rows
  if (districts.length === 0) return
  const accidents = await accidentsToFollow(db, rng, now)
  if (accidents.length === 2) await investigate(db, accidents, now)

  const figures = await figuresAt(db, now)
  const day = (days: number) => beijingDay(addDays(now, days))
  const at = (days: number) => addDays(now, days)
  const pick = (n: number) => districts[n % districts.length]
  const latest = accidents[0]
  const talked = latest ? districts.find((d) => d.id === latest.districtId) ?? pick(1) : pick(1)
  const year = (d: Date) => Number(beijingDay(d).slice(0, 4))
  const actions: { kind: ActionKind; district: { id: number; name: string }; issued: number; deadline: number; replied: number | null; reason: string; accidentId: number | null }[] = [
    { kind: 'supervision_letter', district: pick(0), issued: -40, deadline: -25, replied: -29, accidentId: null,
      reason: '辖区在建工地逾期未整改隐患较多，请于期限内督促整改到位并书面报告' },
    { kind: 'formal_talk', district: talked, issued: -5, deadline: 25, replied: null, accidentId: latest?.id ?? null,
      reason: '辖区发生生产安全事故，约谈区住建局及监督站负责人，要求举一反三开展隐患排查' },
    { kind: 'public_notice', district: pick(2), issued: -45, deadline: -15, replied: null, accidentId: null,
      reason: '综合大检查中辖区项目平均得分偏低、重大隐患整改迟缓，予以通报批评' },
  ]
  const numbers = new Map<string, number>()
  for (const a of actions) {
    const issued = at(a.issued)
    const series = `${a.kind}${year(issued)}`
    numbers.set(series, (numbers.get(series) ?? 0) + 1)
    const f = figures.get(a.district.id) ?? EMPTY
    const concern = safetyConcern(f)
    await db.insertInto('accountability_actions').values({
      code: actionCode(a.kind, year(issued), numbers.get(series)!), district_id: a.district.id, kind: a.kind, reason: a.reason,
      statistics: sql`${JSON.stringify({ asOf: beijingDay(issued), ...f, concern: concern.score, reasons: concern.reasons })}::text::jsonb`,
      accident_id: a.accidentId, issued_at: issued, deadline: day(a.deadline),
      reply: a.replied === null ? null : '已组织全区在建工地开展隐患排查，逾期隐患已全部整改闭合，相关责任人已约谈处理，现将整改情况报告如下。',
      replied_at: a.replied === null ? null : at(a.replied),
    }).execute()
  }
}

const EMPTY: DistrictFigures = { activeSites: 0, accidents12m: 0, deaths12m: 0, openHazards: 0, overdueHazards: 0, redSites: 0, meanInspectionScore: null }

/** The two latest accidents of the last year (made on two active sites of different districts when there are fewer). */
async function accidentsToFollow(db: Kysely<DB>, rng: Rng, now: Date): Promise<AccidentRow[]> {
  const select = () => sql<AccidentRow>`
    SELECT a.id, a.site_id AS "siteId", a.district_id AS "districtId", a.occurred_at AS "occurredAt", a.deaths,
      (SELECT enterprise_id FROM site_parties sp WHERE sp.site_id = a.site_id AND sp.role = 'contractor') AS contractor,
      (SELECT enterprise_id FROM site_parties sp WHERE sp.site_id = a.site_id AND sp.role = 'supervisor') AS supervisor
    FROM accidents a WHERE a.occurred_at BETWEEN ${addDays(now, -365)} AND ${addDays(now, -20)} ORDER BY a.occurred_at DESC, a.id LIMIT 2`.execute(db)
  let rows = (await select()).rows
  if (rows.length < 2) {
    const sites = (await sql<{ id: number }>`SELECT DISTINCT ON (district_id) id FROM sites
      WHERE stage <> 'completed' AND start_date <= ${beijingDay(addDays(now, -200))}::date ORDER BY district_id, id LIMIT ${2 - rows.length}`.execute(db)).rows
    for (const [i, site] of sites.entries()) {
      await db.insertInto('accidents').values({
        site_id: site.id, occurred_at: new Date(now.getTime() - (60 + 90 * i + rng.int(0, 10)) * DAY_MS), grade: 'general', deaths: i === 0 ? 1 : 0,
        injuries: i === 0 ? 0 : 2, description: i === 0 ? '高处坠落事故，死亡1人，已按规定上报' : '物体打击事故，受伤2人，已按规定上报',
      }).execute()
    }
    rows = (await select()).rows
  }
  return rows
}

/** The older accident's investigation is closed with both halves of 一案双查; the latest's still runs. */
async function investigate(db: Kysely<DB>, [latest, older]: AccidentRow[], now: Date): Promise<void> {
  const closed = beijingDay(addDays(now, -10))
  await db.updateTable('accidents').set({ investigation_closed_on: closed,
    investigation: '经调查，施工单位未落实临边防护措施、安全教育流于形式，监理单位未履行安全监理职责；属地监督站日常监督检查不到位。' })
    .where('id', '=', older.id).execute()
  await db.updateTable('accidents').set({ investigation: '调查组已进场，正在调取监控和询问现场人员。' }).where('id', '=', latest.id).execute()
  const decided = (a: AccidentRow) => beijingDay(new Date(Math.min(now.getTime() - 12 * DAY_MS, new Date(a.occurredAt).getTime() + 30 * DAY_MS)))
  const name = async (id: number | null, fallback: string) =>
    id === null ? fallback : (await db.selectFrom('enterprises').select('name').where('id', '=', id).executeTakeFirst())?.name ?? fallback
  const rows = [
    { a: older, kind: 'enterprise', enterprise: older.contractor, who: await name(older.contractor, '施工总承包单位'), role: '施工总承包单位', penalty: 'fine', amount: 1_000_000, top: true },
    { a: older, kind: 'enterprise', enterprise: older.supervisor, who: await name(older.supervisor, '监理单位'), role: '监理单位', penalty: 'credit_record', amount: null, top: false },
    { a: older, kind: 'person', enterprise: null, who: '项目经理 陈某', role: '项目经理', penalty: 'suspension', amount: null, top: true },
    { a: older, kind: 'official', enterprise: null, who: '区建设工程质量安全监督站 监督员 王某', role: '属地监督人员', penalty: 'demerit', amount: null, top: false },
    { a: latest, kind: 'enterprise', enterprise: latest.contractor, who: await name(latest.contractor, '施工总承包单位'), role: '施工总承包单位', penalty: 'fine', amount: 300_000, top: false },
  ]
  await db.insertInto('accident_penalties').values(rows.map((r, i) => ({
    accident_id: r.a.id, party_kind: r.kind, enterprise_id: r.enterprise, party_name: r.who, party_role: r.role, penalty: r.penalty,
    amount_yuan: r.amount, top_of_range: r.top, decided_on: decided(r.a), document_no: `苏建罚字〔${decided(r.a).slice(0, 4)}〕${10 + i}号`,
  }))).execute()
}

/** Each district's figures as of `now`, for the statistics an action cites (site risk is not scored yet: no red sites). */
async function figuresAt(db: Kysely<DB>, now: Date): Promise<Map<number, DistrictFigures>> {
  const { rows } = await sql<DistrictFigures & { id: number }>`
    SELECT d.id, (SELECT count(*) FROM sites s WHERE s.district_id = d.id AND s.stage <> 'completed')::int AS "activeSites",
      (SELECT count(*) FROM accidents a WHERE a.district_id = d.id AND a.occurred_at BETWEEN ${addDays(now, -365)} AND ${now})::int AS "accidents12m",
      (SELECT coalesce(sum(deaths), 0) FROM accidents a WHERE a.district_id = d.id AND a.occurred_at BETWEEN ${addDays(now, -365)} AND ${now})::int AS "deaths12m",
      (SELECT count(*) FROM hazards h WHERE h.district_id = d.id AND h.status <> 'closed')::int AS "openHazards",
      (SELECT count(*) FROM hazards h WHERE h.district_id = d.id AND h.status <> 'closed' AND h.deadline < ${beijingDay(now)}::date)::int AS "overdueHazards",
      0 AS "redSites",
      (SELECT round(avg(i.score)::numeric, 1)::float8 FROM inspections i WHERE i.district_id = d.id AND i.score IS NOT NULL
        AND i.inspected_at BETWEEN ${addDays(now, -90)} AND ${now}) AS "meanInspectionScore"
    FROM districts d`.execute(db)
  return new Map(rows.map(({ id, ...f }) => [id, f]))
}
