import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS } from '../../support/portal.ts'
import type { Scenario } from './scenario.ts'

/*
 * 专项行动 in Chromium: the admin creates a campaign whose targets are drawn (双随机) from a seed, and reads the
 * recorded draw, the progress per district and its map; a grid supervisor records an inspection against a running
 * campaign of the district, answering its checklist in the inspection form.
 */

export const scenarios: Scenario[] = [
  {
    name: 'campaigns: the admin draws a campaign and reads its progress as a table and a map',
    async run(portal) {
      const { page, errors } = await portal.open('/campaigns/campaigns', { width: 1500, height: 1100 }, portal.database.demo('admin'))
      await expect.poll(() => page.locator('[data-testid=campaign-list] tr[data-status=running]').count()).toBeGreaterThan(0)
      await page.getByTestId('campaign-new').click()
      const form = page.getByTestId('campaign-form')
      await form.locator('input[name=name]').fill('浏览器测试综合大检查')
      await form.locator('select[name=targets]').selectOption('drawn')
      await form.locator('input[name=count]').fill('8')
      await form.locator('input[name=seed]').fill('2026')
      await page.screenshot({ path: path.join(ARTIFACTS, 'campaigns-form.png') })
      await page.getByTestId('campaign-submit').click()
      await expect.poll(() => page.getByTestId('campaign-sampling').textContent()).toContain('种子 2026')
      expect(await page.getByTestId('campaign-sampling').textContent()).toContain('抽取 8 个')
      await expect.poll(() => page.locator('[data-testid=campaign-progress] tbody tr').count()).toBeGreaterThan(0)
      const map = page.getByTestId('campaign-map')
      await expect.poll(() => map.getAttribute('data-sites')).toBe('8')
      await expect.poll(() => map.locator('canvas').count()).toBeGreaterThan(0)
      await page.getByTestId('campaign-map').scrollIntoViewIfNeeded()
      await page.screenshot({ path: path.join(ARTIFACTS, 'campaigns-progress.png'), fullPage: true })
      expect(errors).toEqual([])
      await page.close()
    },
  },
  {
    name: 'campaigns: a grid supervisor records an inspection against a running campaign',
    async run(portal) {
      const username = portal.database.demo('grid_supervisor')
      const db = portal.database.db
      const { rows: [{ district_id: districtId }] } = await sql<{ district_id: number }>`SELECT district_id FROM users WHERE username = ${username}`.execute(db)
      const { rows: [{ id: campaignId }] } = await sql<{ id: number }>`INSERT INTO campaigns (name, kind, starts_on, ends_on, scope_kind, district_ids, checklist)
        VALUES ('浏览器测试扬尘暗访', 'dust_covert', current_date - 2, current_date + 10, 'districts', ARRAY[${districtId}]::int[],
          '[{"key":"enclosure","label":"围挡","points":50},{"key":"washing","label":"车辆冲洗","points":50}]'::jsonb) RETURNING id`.execute(db)
      const { page, errors } = await portal.open('/zone', { width: 1600, height: 1000 }, username)
      await page.click('[data-testid=zone-sites] li:first-child button')
      await page.click('[data-testid=record-inspection]')
      const sheet = page.getByTestId('campaign-sheet')
      await expect.poll(() => sheet.locator(`select[name=campaignId] option[value="${campaignId}"]`).count()).toBe(1)
      await sheet.locator('select[name=campaignId]').selectOption(String(campaignId))
      await page.uncheck('input[name=campaign-washing]')
      await expect.poll(() => sheet.locator('h3').textContent()).toContain('50/100')
      await page.screenshot({ path: path.join(ARTIFACTS, 'campaigns-inspection-sheet.png') })
      await page.click('[data-testid=save-inspection]')
      await expect.poll(async () => (await sql<{ score: number }>`SELECT (campaign_sheet->>'score')::int AS score FROM inspections WHERE campaign_id = ${campaignId}`
        .execute(db)).rows.map((r) => r.score)).toEqual([50])
      expect(errors).toEqual([])
      await page.close()
    },
  },
]
