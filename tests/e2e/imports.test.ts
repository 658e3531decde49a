import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvFile } from '../support/import-files.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'

/*
 * An administrator in Chromium imports a district office's GBK spreadsheet of sites in AMap (GCJ-02)
 * coordinates: the preview names every bad row and why, nothing is written until they confirm, then the import
 * lands whole, with the progress bar on the way.
 */

describe.skipIf(browserMissing)('an administrator importing a GBK file in Chromium', () => {
  let portal: Portal
  let page: Page
  const file = path.join(ARTIFACTS, 'import-sites-gbk.csv')
  const GOOD = 2_500
  beforeAll(async () => {
    portal = await startPortal()
    ;({ page } = await portal.open('/', { width: 1400, height: 900 }, portal.database.demo('admin')))
    const site = (i: number, overrides: Record<string, string> = {}) => ({
      项目编号: `E2E-${String(i).padStart(5, '0')}`, 项目名称: `浏览器导入项目${i}`, 工程类型: '市政', 施工阶段: '主体结构',
      '经度(高德)': (120.56 + (i % 50) / 500).toFixed(6), '纬度(高德)': (31.27 + Math.floor(i / 50) / 1500).toFixed(6),
      开工日期: '2026-05-01', 计划竣工日期: '2028-06-30', 建设单位: '苏州市政集团', 施工单位: '中铁十局', ...overrides,
    })
    const rows = [...Array.from({ length: GOOD }, (_, i) => site(i)), site(90_001, { 工程类型: '航天工程' }), site(90_002, { '经度(高德)': '31.3', '纬度(高德)': '120.6' })]
    writeFileSync(file, new Uint8Array(await csvFile(rows, 'gbk').arrayBuffer()))
  })
  afterAll(() => portal?.close())

  const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites WHERE code LIKE 'E2E-%'`.execute(portal.database.db)).rows[0].n

  it('previews the file row by row, naming the rejected rows in Chinese, and writes nothing', async () => {
    await page.click('[data-testid=nav-admin]')
    await page.click('[data-testid=tab-imports]')
    await page.setInputFiles('[data-testid=import-file]', file)
    await page.click('[data-testid=import-preview]')
    await page.waitForSelector('[data-testid=import-report]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid=import-report]')).toContain('GCJ-02')
    expect(await page.textContent('[data-testid=import-total-create]')).toBe(GOOD.toLocaleString())
    expect(await page.textContent('[data-testid=import-total-reject]')).toBe('2')
    const firstRows = await page.locator('[data-testid=import-row]').allTextContents()
    expect(firstRows[0]).toContain('未知取值')
    expect(firstRows[1]).toContain('经纬度疑似颠倒')
    expect(await page.isDisabled('[data-testid=import-commit]')).toBe(true)
    expect(await count()).toBe(0)
  })

  it('imports the rest when told to skip the rejected rows, showing progress, and the sites land in WGS-84', async () => {
    await page.check('[data-testid=import-skip]')
    // Progress may come and go within a frame on a fast machine, so every label it shows is recorded as it happens.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { progressSeen: string[] }).progressSeen = [])
      new MutationObserver(() => {
        const label = document.querySelector('[data-testid=import-progress]')?.textContent
        if (label && seen.at(-1) !== label) seen.push(label)
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.click('[data-testid=import-commit]')
    await page.waitForSelector('[data-testid=import-done]', { timeout: 120_000 })
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen)
    expect(seen.some((label) => label.includes("写入数据库") && label.includes(GOOD.toLocaleString())), JSON.stringify(seen)).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-done.png'), fullPage: false })
    expect(await count()).toBe(GOOD)
    // The first site was given at GCJ-02 (120.56, 31.27): stored ~400 m west and ~240 m north of it.
    const { rows } = await sql<{ dx: number; dy: number }>`
      SELECT ST_X(location) - 120.56 AS dx, ST_Y(location) - 31.27 AS dy FROM sites WHERE code = 'E2E-00000'`.execute(portal.database.db)
    expect(rows[0].dx).toBeLessThan(-0.003)
    expect(rows[0].dy).toBeGreaterThan(0.0015)
  })
})
