import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS } from '../../support/portal.ts'
import { TEST_PASSWORD } from '../../support/session.ts'
import type { Scenario } from './scenario.ts'

/*
 * 第三方巡查 in Chromium. The SIP station assigns a patrol on a site of its contract's area; the firm's patrol
 * account, which sees its patrol tab and nothing else, reports on it with a finding; the station confirms the
 * finding, which becomes a hazard raised by the patrol, and the contract's performance counts the report.
 */

const VIEW = { width: 1500, height: 950 }
const STATION = 'district.320571'
/** What a user waits for on a busy machine: queries and the writes behind them, not a fixed pause. */
const WAIT = { timeout: 30_000 }

export const scenarios: Scenario[] = [{
  name: 'patrol: the station assigns a task, the patrol account reports a finding, and the station confirms it as a hazard',
  async run(portal) {
    const db = portal.database.db
    // The SIP station is not the demo district supervisor: it signs in with the demo accounts' password.
    await sql`UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = ${portal.database.demo('district_supervisor')}),
      password_changed_at = now() WHERE username = ${STATION}`.execute(db)
    const { rows: [contract] } = await sql<{ id: number; contract_no: string; done: number }>`SELECT pc.id, pc.contract_no,
      (SELECT count(*)::int FROM patrol_tasks t WHERE t.contract_id = pc.id AND t.status = 'reported') AS done
      FROM patrol_contracts pc JOIN districts d ON d.id = pc.district_id WHERE d.adcode = 320571 ORDER BY pc.id LIMIT 1`.execute(db)
    const { rows: [site] } = await sql<{ id: number }>`SELECT s.id FROM sites s, patrol_contracts pc WHERE pc.id = ${contract.id} AND ST_Intersects(s.location, pc.area)
      AND s.stage <> 'completed' AND NOT EXISTS (SELECT 1 FROM patrol_tasks t WHERE t.site_id = s.id AND t.status = 'assigned') ORDER BY s.id LIMIT 1`.execute(db)

    const station = await portal.open('/campaigns/patrol', VIEW, STATION)
    await station.page.getByTestId(`patrol-contract-${contract.contract_no}`).waitFor()
    const assign = station.page.getByTestId('patrol-assign')
    await assign.locator(`option[value="${site.id}"]`).waitFor({ state: 'attached' })
    await assign.getByTestId('patrol-assign-sites').selectOption(String(site.id))
    await assign.locator('input:not([type])').last().fill('浏览器测试：重点检查临边防护')
    await assign.getByRole('button', { name: '派发' }).click()
    const task = async () => (await sql<{ id: number }>`SELECT id FROM patrol_tasks WHERE site_id = ${site.id} AND status = 'assigned'`.execute(db)).rows[0]?.id
    await expect.poll(task, WAIT).toBeGreaterThan(0)
    const taskId = (await task())!
    await expect.poll(() => station.page.getByTestId(`patrol-task-${taskId}`).textContent(), WAIT).toContain('待巡查')

    // The patrol account: its tasks, nothing else of the portal.
    const firm = await portal.open('/campaigns/patrol', VIEW, null)
    await firm.page.request.post(`${portal.baseUrl}/api/auth/login`, { data: { username: portal.database.demo('patrol'), password: TEST_PASSWORD } })
    // Signed out, the first page asked who was signed in and was told 401: that is the sign-in page's due, not an error.
    firm.errors.splice(0)
    await firm.page.goto(`${portal.baseUrl}/campaigns/patrol`)
    const mine = firm.page.getByTestId('patrol-mine')
    await mine.getByTestId(`patrol-task-${taskId}`).waitFor()
    expect(await firm.page.getByTestId('campaigns-tab-campaigns').count()).toBe(0)
    await mine.getByTestId(`patrol-task-${taskId}`).getByTestId('patrol-report-open').click()
    const form = firm.page.getByTestId('patrol-report-form')
    await form.locator('textarea[name=notes]').fill('浏览器测试：现场巡查一次')
    await form.getByTestId('add-hazard').click()
    await form.locator('input[name=category]').fill('临边防护')
    await form.locator('textarea[name=description]').fill('浏览器测试：三层临边防护栏杆缺失')
    await form.getByTestId('patrol-report-submit').click()
    await expect.poll(() => mine.getByTestId(`patrol-task-${taskId}`).textContent(), WAIT).toContain('待确认')
    await firm.page.screenshot({ path: path.join(ARTIFACTS, 'patrol-account.png') })
    expect(firm.errors).toEqual([])
    await firm.page.close()

    await station.page.reload()
    const { rows: [finding] } = await sql<{ id: number }>`SELECT f.id FROM patrol_findings f JOIN patrol_tasks t ON t.inspection_id = f.inspection_id WHERE t.id = ${taskId}`.execute(db)
    const row = station.page.getByTestId(`patrol-finding-${finding.id}`)
    await row.waitFor()
    await row.getByTestId('patrol-confirm').click()
    await expect.poll(() => row.textContent(), WAIT).toContain('已确认（转隐患）')
    const { rows: [hazard] } = await sql<{ raised_by: string; source_ref: string }>`SELECT h.raised_by, h.source_ref FROM hazards h JOIN patrol_findings f ON f.hazard_id = h.id WHERE f.id = ${finding.id}`.execute(db)
    expect(hazard).toEqual({ raised_by: 'patrol', source_ref: `patrol-finding:${finding.id}` })
    await expect.poll(() => station.page.getByTestId(`patrol-contract-${contract.contract_no}`).getByTestId('patrol-done').textContent(), WAIT).toMatch(new RegExp(`^${contract.done + 1} / `))
    await station.page.screenshot({ path: path.join(ARTIFACTS, 'patrol-station.png'), fullPage: true })
    expect(station.errors).toEqual([])
    await station.page.close()
  },
}]
