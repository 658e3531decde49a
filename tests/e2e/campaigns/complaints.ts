import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { addDays, beijingDay } from '../../../server/domain/time.ts'
import { ARTIFACTS } from '../../support/portal.ts'
import type { Scenario } from './scenario.ts'

/*
 * 投诉 in Chromium: a hotline ticket pinned on a grid supervisor's site is dispatched to them; they see the
 * complainant's phone masked, close it as founded with a hazard and see the hazard linked, while the dispatcher
 * (市指挥中心) reads the phone whole. The analysis page shows the seeded hot spot first among repeat sites, its
 * night-noise complaints split by the permit, the heatmap and the trend chart.
 */

export const scenarios: Scenario[] = [
  {
    name: 'complaints: a grid supervisor closes a dispatched ticket as founded with a hazard; only the dispatcher sees the phone',
    async run(portal) {
      const username = portal.database.demo('grid_supervisor')
      const { rows: [site] } = await sql<{ lon: number; lat: number }>`SELECT ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM sites s
        JOIN grid_supervisors gs ON gs.grid_id = s.grid_id JOIN users u ON u.id = gs.user_id AND u.username = ${username}
        WHERE s.stage <> 'completed' ORDER BY s.id LIMIT 1`.execute(portal.database.db)
      const admin = await portal.session(portal.database.demo('admin'))
      const ticketNo = `E2E-${Date.now()}`
      const res = await admin.post('/api/complaints', { ticketNo, receivedAt: new Date(Date.now() - 3_600_000).toISOString(), category: 'dust',
        content: '浏览器测试：工地裸土未覆盖，扬尘很大', complainantName: '赵六', complainantPhone: '13912345678', location: { lon: site.lon, lat: site.lat } })
      expect((await res.json()).status).toBe('dispatched')

      const { page, errors } = await portal.open('/complaints/list', { width: 1500, height: 1000 }, username)
      const row = page.getByTestId(`complaint-${ticketNo}`)
      await expect.poll(() => row.textContent()).toContain('139****5678')
      await row.click()
      const detail = page.getByTestId('complaint-detail')
      await expect.poll(() => detail.getByTestId('complainant').textContent()).toContain('赵*')
      const close = detail.getByTestId('complaint-close')
      await close.locator('textarea[name=reply]').fill('已责令覆盖裸土并洒水降尘')
      await close.locator('input[name=founded]').check()
      await close.locator('input[name=hazard]').check()
      await close.locator('input[name=description]').fill('裸土未覆盖')
      await close.getByRole('button').click()
      await expect.poll(() => detail.getByTestId('complaint-founded').textContent()).toMatch(/属实 · 隐患 #\d+/)
      await page.screenshot({ path: path.join(ARTIFACTS, 'complaints-closed.png') })
      expect(errors).toEqual([])
      await page.close()

      const dispatcher = await portal.open('/complaints/list', { width: 1500, height: 1000 }, portal.database.demo('city_command'))
      await expect.poll(() => dispatcher.page.getByTestId(`complaint-${ticketNo}`).textContent()).toContain('13912345678')
      await dispatcher.page.close()
    },
  },
  {
    name: 'complaints: the analysis page shows the hot spot, night work against its permit, the heatmap and the trend',
    async run(portal) {
      const { page, errors } = await portal.open('/complaints/analysis', { width: 1500, height: 1400 }, portal.database.demo('city_command'))
      // The seed's month ends at its anchor day, which need not be today: look back far enough to see all of it.
      await page.getByLabel('开始日期').fill(beijingDay(addDays(new Date(), -90)))
      const repeats = page.getByTestId('repeat-sites').locator('tbody tr')
      await expect.poll(() => repeats.count()).toBeGreaterThan(0)
      await expect.poll(async () => Number(await repeats.first().locator('td').nth(2).textContent())).toBeGreaterThanOrEqual(24)
      await expect.poll(() => page.getByTestId('night-sites').locator('tbody tr').count()).toBeGreaterThan(0)
      await expect.poll(() => page.getByTestId('complaint-heatmap').locator('canvas').count()).toBeGreaterThan(0)
      await expect.poll(() => page.getByTestId('complaint-trend').locator('canvas').count()).toBeGreaterThan(0)
      const download = page.waitForEvent('download')
      await page.getByTestId('analysis-export').click()
      expect((await download).suggestedFilename()).toMatch(/\.xlsx$/)
      await page.screenshot({ path: path.join(ARTIFACTS, 'complaints-analysis.png'), fullPage: true })
      expect(errors).toEqual([])
      await page.close()
    },
  },
]
