import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS } from '../../support/portal.ts'
import type { Scenario } from './scenario.ts'

/*
 * 盘扣抽查抽测 in Chromium: a grid supervisor records a batch of 立杆 with one thin tube, sees it judged 不合格
 * against the limits before sending, saves it and sees the major hazard it opened and the measured values marked in
 * the list; the command centre reads the manufacturers' ranking, worst first, with its chart.
 */

export const scenarios: Scenario[] = [
  {
    name: 'scaffold: a grid supervisor records a failing batch and sees its hazard and values',
    async run(portal) {
      const username = portal.database.demo('grid_supervisor')
      const { rows: [site] } = await sql<{ id: number }>`SELECT s.id FROM sites s JOIN grid_supervisors gs ON gs.grid_id = s.grid_id
        JOIN users u ON u.id = gs.user_id AND u.username = ${username} ORDER BY s.id LIMIT 1`.execute(portal.database.db)
      const { page, errors } = await portal.open('/campaigns/scaffold', { width: 1500, height: 1000 }, username)
      const form = page.getByTestId('scaffold-form')
      await expect.poll(() => form.locator('select[name=labId] option').count()).toBeGreaterThan(1)
      await form.locator('input[name=siteId]').fill(String(site.id))
      await form.locator('select[name=component]').selectOption('standard')
      await form.locator('input[name=batchNo]').fill('E2E-PK-001')
      await form.locator('input[name=manufacturerName]').fill('浏览器测试架业有限公司')
      await form.locator('select[name=labId]').selectOption({ index: 1 })
      await form.locator('input[name=yield_strength]').fill('380 392 401')
      await form.locator('input[name=outer_diameter]').fill('60.3, 60.3, 60.2')
      await form.locator('input[name=wall_thickness]').fill('3.2 2.85 3.18')
      await expect.poll(() => form.getByTestId('scaffold-preview').textContent()).toContain('不合格')
      await expect.poll(() => form.getByTestId('scaffold-preview').textContent()).toContain('1 件不合格')
      await form.getByRole('button', { name: '保存' }).click()
      await expect.poll(() => form.getByTestId('scaffold-saved').textContent()).toContain('已生成重大隐患')

      const row = page.getByTestId('sampling-E2E-PK-001')
      await expect.poll(() => row.getByTestId('scaffold-fail').count()).toBe(1)
      expect(await row.getAttribute('class')).toContain('selected')
      await row.click()
      await expect.poll(() => page.getByTestId('sampling-details').locator('.warn').textContent()).toContain('2.85')
      await page.screenshot({ path: path.join(ARTIFACTS, 'scaffold-sampling.png') })
      expect(errors).toEqual([])
      await page.close()
    },
  },
  {
    name: 'scaffold: the command centre reads the manufacturers worst first',
    async run(portal) {
      const { page, errors } = await portal.open('/campaigns/scaffold', { width: 1500, height: 950 }, portal.database.demo('city_command'))
      await expect.poll(() => page.getByTestId('scaffold-form').count()).toBe(0)
      await page.getByTestId('scaffold-manufacturers-link').click()
      const first = page.getByTestId('manufacturer-1')
      await expect.poll(() => first.getAttribute('class')).toContain('selected')
      await expect.poll(() => page.getByTestId('scaffold-rate-chart').locator('canvas').count()).toBeGreaterThan(0)
      await page.screenshot({ path: path.join(ARTIFACTS, 'scaffold-manufacturers.png') })
      expect(errors).toEqual([])
      await page.close()
    },
  },
]
