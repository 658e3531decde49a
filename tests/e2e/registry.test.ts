import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeIdNumber } from '../../server/domain/id-number.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'

/*
 * 主体库 (the registry) in Chromium, on one portal: a city and its browser cost more to start than these steps do.
 *
 * 企业库 in Chromium: an admin searches a busy contractor, opens its page and sees its sites on the map and its
 * record; then links one unmatched party name to the firm the registry suggests.
 *
 * 人员库 in Chromium: an admin types a wrong ID number and is told why before sending, adds the person, adds a
 * certificate and renews it (the timeline keeps both), and finds a site's staff with its 持证上岗率 in the site panel.
 *
 * 建筑起重机械 in Chromium: a district supervisor finds a crane in use on a site of their district by its 备案编号,
 * opens its life across sites, is refused a backdated step in words, records a maintenance, and sees it at the end
 * of the timeline.
 *
 * 检测机构 in Chromium: a district supervisor records a rebar report whose weight deviation fails, sees it judged
 * 不合格 · 瘦身钢筋 before sending and the hazard it opened after, is refused the same report number again, finds
 * the report highlighted in the list and in the site's panel, and the campaign layer's legend on the map.
 *
 * 信用评价 in Chromium: the ranking lists the city's firms lowest first; the lowest one's page shows its grade,
 * the month-end chart and the factor table, whose points add up to the score.
 */

describe.skipIf(browserMissing)('the registry in Chromium', () => {
  let portal: Portal
  beforeAll(async () => { portal = await startPortal() })
  afterAll(() => portal?.close())

  it('searches a firm, shows its sites on the map and its record, and resolves an unmatched name', async () => {
    const { rows: [busiest] } = await sql<{ id: number; name: string; sites: number }>`SELECT e.id, e.name, count(*)::int AS sites
      FROM site_parties sp JOIN enterprises e ON e.id = sp.enterprise_id WHERE sp.role = 'contractor' GROUP BY e.id ORDER BY 3 DESC, 1 LIMIT 1`.execute(portal.database.db)
    const { page, errors } = await portal.open('/registry/enterprises', { width: 1500, height: 950 }, portal.database.demo('admin'))
    await page.getByTestId('enterprise-search').fill(busiest.name)
    await page.getByRole('link', { name: busiest.name, exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(busiest.name)
    const map = page.getByTestId('enterprise-map')
    await expect.poll(() => map.locator('canvas').count()).toBeGreaterThan(0)
    expect(Number(await map.getAttribute('data-sites'))).toBe(busiest.sites)
    await expect.poll(() => page.getByTestId('enterprise-sites').locator('li').count()).toBe(busiest.sites)
    await expect.poll(() => page.getByTestId('enterprise-record').textContent()).toContain('隐患')
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-enterprise.png') })

    await page.goto(`${portal.baseUrl}/registry/enterprises/unmatched`)
    const row = page.getByTestId('unmatched-row').first()
    const recorded = (await row.locator('td').first().textContent())!
    const select = row.locator('select')
    const firstFirm = await select.locator('option').nth(1).getAttribute('value')
    await select.selectOption(firstFirm!)
    await row.getByRole('button').click()
    await expect.poll(() => page.getByTestId('unmatched-resolved').textContent()).toMatch(/已关联 \d+ 个项目/)
    const { rows: left } = await sql`SELECT 1 FROM site_parties WHERE recorded_name = ${recorded} AND enterprise_id IS NULL`.execute(portal.database.db)
    expect(left).toEqual([])
    expect(errors).toEqual([])
    // Its map would go on drawing in software WebGL, slowing the next test's page.
    await page.close()
  })

  it('adds a person, refusing a bad ID number inline, renews a certificate with history, and shows site staff', async () => {
    const idNumber = makeIdNumber('320506', '19820415', 77)
    const { page, errors } = await portal.open('/registry/people', { width: 1500, height: 950 }, portal.database.demo('admin'))
    await expect.poll(() => page.getByTestId('people-table').locator('tbody tr').count()).toBeGreaterThan(0)
    const form = page.getByTestId('new-person')
    await form.locator('input[name=idNumber]').fill(idNumber.slice(0, 17) + (idNumber[17] === '1' ? '2' : '1'))
    await expect.poll(() => form.getByTestId('id-problem').textContent()).toContain('校验码不符')
    await form.locator('input[name=idNumber]').fill(idNumber)
    await expect.poll(() => form.getByTestId('id-problem').count()).toBe(0)
    await form.locator('input[name=name]').fill('浏览器测试')
    await form.getByRole('button', { name: '保存' }).click()

    const person = page.getByTestId('person-page')
    await expect.poll(() => person.getByTestId('full-id').textContent()).toBe(idNumber)
    const certificate = page.getByTestId('certificate-form')
    await certificate.locator('input[name=number]').fill('E2E-C-0001')
    await certificate.locator('input[name=issuer]').fill('江苏省住房和城乡建设厅')
    await certificate.locator('input[name=issuedOn]').fill('2023-01-01')
    await certificate.locator('input[name=expiresOn]').fill('2026-01-01')
    await certificate.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => person.getByTestId('certificate-E2E-C-0001').textContent()).toContain('已过期')
    await person.getByRole('button', { name: '换证' }).click()
    await certificate.locator('input[name=number]').fill('E2E-C-0002')
    await certificate.locator('input[name=issuer]').fill('江苏省住房和城乡建设厅')
    await certificate.locator('input[name=issuedOn]').fill('2026-01-01')
    await certificate.locator('input[name=expiresOn]').fill('2029-01-01')
    await certificate.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => person.getByTestId('certificate-chain').locator('li').count()).toBe(2)
    await expect.poll(() => person.getByTestId('certificate-E2E-C-0001').textContent()).toContain('已换证')
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-people-person.png') })

    const { rows: [site] } = await sql<{ id: number }>`SELECT s.id FROM sites s WHERE s.stage <> 'completed'
      AND EXISTS (SELECT 1 FROM site_staff st WHERE st.site_id = s.id AND st.to_date IS NULL AND st.person_id IS NOT NULL) ORDER BY s.id LIMIT 1`.execute(portal.database.db)
    await page.goto(`${portal.baseUrl}/?sel=site:${site.id}`)
    await expect.poll(() => page.getByTestId('site-certification-rate').textContent(), { timeout: 30_000 }).toContain('持证上岗率')
    expect(errors).toEqual([])
    await page.close()
  })

  it('opens a machine, is refused a backdated step, records a maintenance and sees it on the timeline', async () => {
    const username = portal.database.demo('district_supervisor')
    // A crane in use in the district, maintained before by a firm the district therefore knows.
    const { rows: [target] } = await sql<{ id: number; recordNo: string; maintainer: string; lastStep: string }>`
      SELECT m.id, m.record_no AS "recordNo", f.name AS maintainer, (SELECT max(occurred_on)::text FROM crane_events WHERE machine_id = m.id) AS "lastStep"
      FROM crane_machines m JOIN cranes c ON c.machine_id = m.id AND c.stage = 'in_use'
      JOIN sites s ON s.id = c.site_id JOIN users u ON u.username = ${username} AND u.district_id = s.district_id
      JOIN crane_events e ON e.crane_id = c.id AND e.step = 'maintenance' JOIN enterprises f ON f.id = e.enterprise_id
      ORDER BY m.id LIMIT 1`.execute(portal.database.db)
    const { page, errors } = await portal.open('/registry/cranes', { width: 1500, height: 950 }, username)
    await page.getByTestId('crane-search').fill(target.recordNo)
    await page.getByTestId(`crane-${target.recordNo}`).getByRole('link', { name: target.recordNo }).click()
    await expect.poll(() => page.getByTestId('crane-stage').textContent()).toContain('使用中')
    await expect.poll(() => page.getByTestId('crane-timeline').textContent()).toContain('使用登记')

    const form = page.getByTestId('crane-step-form')
    await form.locator('select[name=step]').selectOption('maintenance')
    await form.locator('select[name=enterpriseId]').selectOption({ label: target.maintainer })
    // A day before the machine's last step: refused, and said why.
    const before = new Date(Date.parse(`${target.lastStep}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    await form.locator('input[name=occurredOn]').fill(before)
    await form.getByRole('button', { name: '录入' }).click()
    await expect.poll(() => form.getByTestId('form-error').textContent()).toContain('日期早于该设备上一步的日期')

    await form.locator('input[name=occurredOn]').fill(target.lastStep)
    await form.locator('input[name=note]').fill('E2E 月度维保')
    await form.getByRole('button', { name: '录入' }).click()
    await expect.poll(() => page.getByTestId('crane-step-saved').textContent()).toContain('维保')
    await expect.poll(async () => (await page.getByTestId('crane-event-maintenance').last().textContent()) ?? '').toContain('E2E 月度维保')
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-cranes-machine.png') })
    // The browser logs the 422 it was meant to get; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('422 (Unprocessable'))).toEqual([])
    await page.close()
  })

  it('records a failing rebar report, refuses it twice, and shows it in the list, the site panel and the map legend', async () => {
    const username = portal.database.demo('district_supervisor')
    const { rows: [target] } = await sql<{ siteId: number; institutionId: number }>`
      SELECT s.id AS "siteId", t.institution_id AS "institutionId" FROM sites s
      JOIN users u ON u.username = ${username} AND u.district_id = s.district_id
      JOIN testing_reports t ON t.site_id = s.id
      JOIN enterprise_qualifications q ON q.enterprise_id = t.institution_id AND q.valid_until >= current_date AND q.category LIKE '%综合%'
      ORDER BY s.id LIMIT 1`.execute(portal.database.db)
    const { page, errors } = await portal.open('/registry/testing/reports', { width: 1500, height: 950 }, username)
    const form = page.getByTestId('record-report')
    await form.locator('input[name=reportNo]').fill('E2E-JC-0001')
    await form.locator('input[name=siteId]').fill(String(target.siteId))
    await form.locator('select[name=institutionId]').selectOption(String(target.institutionId))
    await form.locator('select[name=material]').selectOption('rebar')
    await form.locator('input[name=requiredValue]').fill('±4.5%')
    await form.locator('input[name=measuredValue]').fill('-7.5%')
    await expect.poll(() => form.getByTestId('verdict-preview').textContent()).toContain('不合格 · 瘦身钢筋')
    await form.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => form.getByTestId('report-saved').textContent()).toContain('已生成瘦身钢筋隐患')

    // The same number again: the server's refusal is shown as it says it.
    await form.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => form.getByTestId('form-error').textContent()).toContain('该报告编号已录入')

    const row = page.getByTestId('report-E2E-JC-0001')
    await expect.poll(() => row.getByTestId('non-conforming').textContent()).toContain('瘦身钢筋')
    expect(await row.getAttribute('class')).toContain('selected')
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-testing-reports.png') })

    await page.goto(`${portal.baseUrl}/?sel=site:${target.siteId}`)
    await expect.poll(() => page.getByTestId('site-report-E2E-JC-0001').textContent(), { timeout: 30_000 }).toContain('不合格')
    await page.getByTestId('toggle-testingCampaigns').check()
    await expect.poll(() => page.getByTestId('legend-testingCampaigns').textContent()).toContain('违规海砂')
    // The browser logs the 409 it was meant to get; nothing else went wrong.
    expect(errors.filter((e) => !e.includes('409 (Conflict)'))).toEqual([])
    await page.close()
  })

  it('goes from the ranking to the lowest firm\'s credit history, explained factor by factor', async () => {
    const { page, errors } = await portal.open('/registry/credit', { width: 1500, height: 950 })
    const ranking = page.getByTestId('credit-ranking')
    // The ranking's rows, not the scoring table's (which loads beside it, in its own time).
    const firms = ranking.locator('[data-testid^=credit-firm-]')
    const firstRow = firms.first()
    await expect.poll(() => firstRow.count()).toBe(1)
    const name = (await firstRow.locator('td').nth(1).textContent())!
    const scores = await firms.locator('td:nth-child(5)').allTextContents()
    expect(scores.map(Number)).toEqual(scores.map(Number).sort((a, b) => a - b))
    await ranking.getByTestId('credit-model').locator('summary').click()
    await expect.poll(() => ranking.getByTestId('credit-model').textContent()).toContain('重大隐患')

    await firstRow.click()
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toBe(name)
    const history = page.getByTestId('credit-history')
    await expect.poll(() => history.getByTestId('credit-chart').locator('canvas').count()).toBe(1)
    expect((await history.getByTestId('credit-chart').boundingBox())!.height).toBeGreaterThan(100)
    const score = Number(await history.getByTestId('credit-score').textContent())
    const points = (await history.getByTestId('credit-breakdown').locator('tbody tr td:nth-child(4)').allTextContents()).map(Number)
    expect(points.reduce((sum, p) => sum + p, 0)).toBeCloseTo(score, 1)
    expect(points.length).toBeGreaterThan(1)
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-credit.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
