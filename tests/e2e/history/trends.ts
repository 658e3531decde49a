import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS, drawnShare } from '../../support/portal.ts'
import type { Scenario } from '../campaigns/scenario.ts'

/*
 * Trends in Chromium, on the kept week: the command centre opens 指标趋势 from the menu, picks a KPI and a range, sees
 * its line drawn and the two periods compared; then the districts side by side. A site's panel shows its risk
 * timeline with a hazard found that week.
 */

export const scenarios: Scenario[] = [{
  name: 'picks a KPI and a range, draws it and compares it with the period before',
  async run(portal) {
    const { page, errors } = await portal.open('/', { width: 1400, height: 1000 })
    await page.getByTestId('nav-trends').click()
    await page.getByTestId('trends-screen').waitFor()
    await page.getByTestId('trend-kpi').selectOption('meanRisk')
    await page.getByTestId('trend-range').selectOption('custom')
    // A range with a date missing is not asked for (a 400 would show as a console error), and says so.
    await page.getByTestId('trend-from').fill('')
    await expect.poll(() => page.getByTestId('trend-range-problem').textContent()).toBe('请选择起止日期')
    await page.getByTestId('trend-from').fill('2026-11-20')
    await page.getByTestId('trend-to').fill('2026-11-23')
    await expect.poll(() => page.textContent('.trends main h2')).toContain('2026-11-20 — 2026-11-23')
    expect(await page.textContent('.trends main h2')).toContain('平均风险分')
    const chart = page.getByTestId('trend-chart')
    await expect.poll(async () => drawnShare(await chart.screenshot()), { timeout: 15_000 }).toBeGreaterThan(0.01)

    // B = 11-20…11-23 against A = 11-16…11-19, of which 11-17…11-19 are kept: every KPI has both, with a verdict.
    const open = page.getByTestId('compare-openHazards')
    await expect.poll(() => open.getAttribute('data-trend')).toMatch(/^(better|worse|same)$/)
    expect(await page.getByTestId('compare-table').locator('tbody tr').count()).toBe(17)
    expect(await page.getByTestId('compare-meanRisk').getAttribute('class')).toContain('selected')
    await page.waitForTimeout(1_000) // the chart's transition to the new range
    await page.screenshot({ path: path.join(ARTIFACTS, 'trends.png') })

    await page.getByTestId('trend-area').selectOption('by')
    const { rows: [{ n }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`.execute(portal.database.db)
    await expect.poll(() => page.locator('.trend-legend li').count()).toBe(n)
    expect(errors).toEqual([])
    await page.close()
  },
}, {
  name: 'shows a site\'s risk timeline with the hazard found that week',
  async run(portal) {
    const { rows: [hazard] } = await sql<{ site_id: number; day: string }>`
      SELECT h.site_id, to_char(h.found_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM hazards h
      WHERE (h.found_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2026-11-17' AND '2026-11-23' ORDER BY h.found_at DESC LIMIT 1`.execute(portal.database.db)
    const { page, errors } = await portal.open(`/?sel=site:${hazard.site_id}`, { width: 1400, height: 1000 })
    const timeline = page.getByTestId('site-timeline')
    await timeline.getByTestId('timeline-chart').waitFor({ timeout: 15_000 })
    await expect.poll(() => timeline.locator('li[data-kind=hazard_opened] time').allTextContents()).toContain(hazard.day)
    await timeline.scrollIntoViewIfNeeded()
    await page.getByTestId('site-panel').screenshot({ path: path.join(ARTIFACTS, 'site-timeline.png') })
    expect(errors).toEqual([])
    await page.close()
  },
}]
