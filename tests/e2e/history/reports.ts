import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS } from '../../support/portal.ts'
import type { Scenario } from '../campaigns/scenario.ts'

/*
 * 定期报送 in Chromium: command opens 定期报送, issues November 2026's city report (the last days of the seeded city
 * captured), and reads it: its number 苏建监报〔year〕N号, every section with its table and charts; the bell in the
 * header counts the notification, which leads back to the report. The page is saved as artifacts/e2e/reports-page.png.
 */

export const scenarios: Scenario[] = [{
  name: 'issues a monthly city report and shows its number and sections',
  async run(portal) {
    const { page, errors } = await portal.open('/', { width: 1400, height: 1000 }, portal.database.demo('city_command'))
    await page.getByTestId('nav-reports').click()
    const form = page.getByTestId('report-form')
    await form.getByTestId('report-period-kind').selectOption('month')
    await form.getByTestId('report-year').fill('2026')
    await form.getByTestId('report-part').selectOption('11')
    await form.getByTestId('report-area').selectOption('city')
    await form.getByTestId('report-issue').click()

    const report = page.getByTestId('report-page')
    await expect.poll(() => report.getByTestId('report-code').textContent(), { timeout: 60_000 }).toMatch(/^苏建监报〔20\d{2}〕\d+号$/)
    const code = await report.getByTestId('report-code').textContent()
    const { rows: [issued] } = await sql<{ id: number; code: string }>`SELECT id, code FROM reports ORDER BY id DESC LIMIT 1`.execute(portal.database.db)
    expect(issued.code).toBe(code)
    expect(page.url()).toBe(`${portal.baseUrl}/reports/${issued.id}`)
    await expect.poll(() => report.getByTestId('report-section').count()).toBe(11)
    await expect.poll(() => report.locator('h1').textContent()).toContain('2026年11月')
    const inspections = report.getByTestId('report-section').nth(1)
    const total = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM inspections
      WHERE (inspected_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2026-11-01' AND '2026-11-30'`.execute(portal.database.db)).rows[0].n
    await expect.poll(() => inspections.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(String(total))
    await expect.poll(() => report.locator('[data-testid=report-chart] canvas').count()).toBeGreaterThanOrEqual(7)

    // Command receives the city's report: the bell counts it and its entry leads to the report.
    const bell = page.getByTestId('notification-bell')
    await expect.poll(() => page.getByTestId('notification-count').textContent(), { timeout: 15_000 }).toMatch(/^[1-9]\d*$/)
    await bell.click()
    await expect.poll(() => page.getByTestId('notification-list').textContent()).toContain(code!)
    await bell.click()

    // Tall enough for the first sections whole: the report scrolls inside the screen, not the page.
    await page.setViewportSize({ width: 1400, height: 2400 })
    await page.waitForTimeout(800)
    await page.screenshot({ path: path.join(ARTIFACTS, 'reports-page.png'), fullPage: true })

    await page.getByRole('button', { name: '返回列表' }).click()
    await expect.poll(() => page.getByTestId(`report-row-${issued.id}`).textContent()).toContain(code!)
    expect(errors).toEqual([])
  },
}]
