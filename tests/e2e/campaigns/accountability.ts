import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS, type Portal } from '../../support/portal.ts'
import type { Role } from '../../../server/domain/roles.ts'
import type { Scenario } from './scenario.ts'

/*
 * 督办问责 in Chromium.
 *
 * The office reads the districts ranked by safety concern, issues the action the ranking suggests to the
 * district supervisor's district (made a candidate by two fatal accidents; numbered 苏建质安督/谈/通〔year〕N号,
 * citing the district's figures), and the district supervisor replies: on time.
 *
 * An accident without penalties: the office fines the contractor at the top of the range and gives the
 * supervising official a demerit; 一案双查 shows done only after the second. The wall's card lists the accident.
 */

const VIEW = { width: 1500, height: 950 }

/** The demo account with this role, signed in on `to`. */
const signedIn = (portal: Portal, role: Role, to: string) => portal.open(to, VIEW, portal.database.demo(role))

export const scenarios: Scenario[] = [{
  name: 'accountability: the office issues the suggested action to a candidate district and the district replies on time',
  async run(portal) {
    const db = portal.database.db
    const districtSupervisor = await portal.session(portal.database.demo('district_supervisor'))
    const districtId = districtSupervisor.user.districtId!
    // Two fatal accidents this year make the district a candidate whatever else the city holds (domain/accountability.ts).
    await sql`INSERT INTO accidents (site_id, occurred_at, grade, deaths, injuries, description)
      SELECT id, now() - interval '40 days' * n, 'general', 1, 0, '浏览器测试：高处坠落' FROM (SELECT id FROM sites WHERE district_id = ${districtId} ORDER BY id LIMIT 1) s,
      generate_series(1, 2) n`.execute(db)
    const { rows: [{ n: districts }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`.execute(db)
    const office = await signedIn(portal, 'admin', '/accountability/districts')
    const ranking = office.page.getByTestId('accountability-districts')
    await expect.poll(() => ranking.locator('tbody tr').count()).toBe(districts)
    const row = ranking.getByTestId(`district-${districtId}`)
    expect(await row.getAttribute('data-candidate')).toBe('true')
    const suggested = (await row.getAttribute('data-suggested'))!
    await office.page.screenshot({ path: path.join(ARTIFACTS, 'accountability-ranking.png') })

    await row.getByTestId(`issue-${districtId}`).click()
    const form = office.page.getByTestId('issue-action')
    await expect.poll(() => form.locator('select[name=districtId]').inputValue()).toBe(String(districtId))
    expect(await form.locator('select[name=kind]').inputValue()).toBe(suggested)
    await form.locator('textarea[name=reason]').fill('浏览器测试：辖区发生死亡事故，逾期隐患较多')
    await form.getByRole('button', { name: '下发' }).click()
    const mark = { supervision_letter: '督', formal_talk: '谈', public_notice: '通' }[suggested]
    await expect.poll(() => office.page.getByTestId('action-code').textContent()).toMatch(new RegExp(`^苏建质安${mark}〔\\d{4}〕\\d+号 · `))
    const actionUrl = office.page.url()
    await expect.poll(() => office.page.getByTestId('action-state').getAttribute('data-state')).toBe('pending')
    await expect.poll(() => office.page.getByTestId('action-statistics').locator('tr').count()).toBe(8)
    expect(office.errors).toEqual([])
    await office.page.close()

    const district = await signedIn(portal, 'district_supervisor', new URL(actionUrl).pathname)
    const reply = district.page.getByTestId('reply-action')
    await reply.locator('textarea[name=reply]').fill('已组织全区排查，逾期隐患全部整改闭合')
    await reply.getByRole('button', { name: '提交回复' }).click()
    await expect.poll(() => district.page.getByTestId('action-state').getAttribute('data-state')).toBe('on_time')
    await expect.poll(() => district.page.getByTestId('action-reply').textContent()).toBe('已组织全区排查，逾期隐患全部整改闭合')
    await district.page.screenshot({ path: path.join(ARTIFACTS, 'accountability-reply.png') })
    expect(district.errors).toEqual([])
    await district.page.close()
  },
}, {
  name: 'accountability: the office records penalties on both sides of an accident (一案双查)',
  async run(portal) {
    const db = portal.database.db
    const { rows: [accident] } = await sql<{ id: number }>`INSERT INTO accidents (site_id, occurred_at, grade, deaths, injuries, description)
      SELECT id, now() - interval '2 days', 'general', 0, 2, '浏览器测试：物体打击，两人受伤' FROM sites WHERE stage <> 'completed' ORDER BY id LIMIT 1
      RETURNING id`.execute(db)
    const office = await signedIn(portal, 'admin', `/accountability/accidents/${accident.id}`)
    const page = office.page
    const double = page.getByTestId('double-investigation')
    await expect.poll(() => double.getAttribute('data-complete')).toBe('false')
    const form = page.getByTestId('penalty-form')
    await form.locator('input[name=partyName]').fill('浏览器测试建设有限公司')
    await form.locator('input[name=partyRole]').fill('施工总承包单位')
    await form.locator('input[name=amount]').fill('800000')
    await form.locator('input[name=top]').check()
    await form.getByRole('button', { name: '添加处罚' }).click()
    await expect.poll(() => page.getByTestId('penalties').locator('tbody tr').count()).toBe(1)
    expect(await double.getAttribute('data-complete')).toBe('false')

    await form.locator('select[name=partyKind]').selectOption('official')
    await form.locator('select[name=penalty]').selectOption('demerit')
    await form.locator('input[name=partyName]').fill('区监督站 监督员 赵某')
    await form.locator('input[name=partyRole]').fill('属地监督人员')
    await form.getByRole('button', { name: '添加处罚' }).click()
    await expect.poll(() => double.getAttribute('data-complete')).toBe('true')
    await expect.poll(() => page.getByTestId('penalties').textContent()).toContain('顶格处罚')
    await page.screenshot({ path: path.join(ARTIFACTS, 'accountability-accident.png'), fullPage: true })
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM accident_penalties WHERE accident_id = ${accident.id}`.execute(db)
    expect(rows[0].n).toBe(2)
    expect(office.errors).toEqual([])
    await page.close()

    const admin = await portal.session(portal.database.demo('admin'))
    const { wallUrl } = await (await admin.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: 'e2e accountability' }) })).json()
    const wall = await portal.open(wallUrl, { width: 1920, height: 1080 })
    const card = wall.page.getByTestId('wall-accountability')
    await expect.poll(() => card.textContent(), { timeout: 60_000 }).toContain('死亡 0 / 受伤 2')
    await card.screenshot({ path: path.join(ARTIFACTS, 'accountability-wall.png') })
    await wall.page.close()
  },
}]
