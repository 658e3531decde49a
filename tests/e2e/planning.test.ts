import { readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import Papa from 'papaparse'
import type { Download, Page } from 'playwright-core'
import { extractImages, extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'

/*
 * A planner in Chromium: draws a polygon on the map, checks the candidates against PostGIS, picks projects, saves
 * them as a version, exports it (CSV and XLSX, read back by real parsers) and prints the report as a PDF.
 */

// pdf.js reads images with ArrayBuffer.prototype.transferToFixedLength, which Node gained in 21.
if (!('transferToFixedLength' in ArrayBuffer.prototype)) {
  Object.defineProperty(ArrayBuffer.prototype, 'transferToFixedLength', {
    value(this: ArrayBuffer, length = this.byteLength) { return this.slice(0, length) },
  })
}

describe.skipIf(browserMissing)('a planner in Chromium', () => {
  let portal: Portal
  let page: Page
  let errors: string[]
  beforeAll(async () => {
    portal = await startPortal()
    ;({ page, errors } = await portal.open('/', { width: 1600, height: 900 }, portal.database.demo('planner')))
  })
  afterAll(() => portal?.close())

  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(portal.database.db)).rows
  const saved = async (download: Download) => {
    const file = path.join(ARTIFACTS, `planning-${download.suggestedFilename()}`)
    await download.saveAs(file)
    return file
  }
  let drawn: { shape: { type: string; coordinates: [number, number][][] }; criteria: { inKeyArea?: boolean } }
  let versionId: number

  it('draws a polygon and lists exactly the live sites in it that are in a key area', async () => {
    await page.click('[data-testid=nav-planner]')
    await page.waitForSelector('[data-testid=candidate]', { timeout: 60_000 })
    await page.waitForTimeout(1_500)
    const box = (await page.locator('[data-testid=map]').boundingBox())!
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const
    await page.click('[data-testid=tool-polygon]')
    const request = page.waitForRequest((r) => r.url().endsWith('/api/planning/candidates') && (r.postData() ?? '').includes('"polygon"'))
    // Right of the layer panel, which covers the map's top-left corner.
    for (const [fx, fy] of [[0.4, 0.25], [0.85, 0.25], [0.85, 0.8], [0.4, 0.8], [0.4, 0.25]]) {
      await page.mouse.click(...at(fx, fy))
      await page.waitForTimeout(250)
    }
    drawn = (await request).postDataJSON()
    await expect.poll(() => page.textContent('[data-testid=shape-set]')).toContain('已绘制多边形')
    const polygon = JSON.stringify({ type: 'Polygon', coordinates: drawn.shape.coordinates })
    const [{ n }] = await rows(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM sites s WHERE s.stage <> 'completed' AND ST_Covers(ST_GeomFromGeoJSON(${polygon}), s.location)
        AND EXISTS (SELECT 1 FROM key_areas a WHERE ST_Covers(a.geom, s.location))`)
    expect(drawn.criteria.inKeyArea).toBe(true)
    expect(n).toBeGreaterThan(0)
    await expect.poll(() => page.textContent('[data-testid=candidate-count]')).toBe(`候选项目 ${n} 个`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'planning-polygon.png') })
  })

  it('picks projects from the list, saves them as a version and exports it as CSV and XLSX', async () => {
    const names = await page.locator('[data-testid=candidate] .name').evaluateAll((els) => els.slice(0, 3).map((e) => e.firstChild?.textContent))
    const toggles = page.locator('[data-testid=pick-toggle]')
    for (let i = 0; i < 3; i++) await toggles.nth(i).click()
    await expect.poll(() => page.textContent('[data-testid=pick-count]')).toBe('已选 3 / 150')
    await page.fill('[data-testid=version-name]', '浏览器测试方案')
    await page.click('[data-testid=save-version]')
    await expect.poll(() => page.textContent('[data-testid=pick-message]')).toBe('已保存版本“浏览器测试方案”')
    const [version] = await rows(sql<{ id: number }>`SELECT id FROM pick_list_versions WHERE name = '浏览器测试方案'`)
    versionId = version.id
    const items = await rows(sql<{ name: string; code: string }>`
      SELECT s.name, s.code FROM pick_list_items i JOIN sites s ON s.id = i.site_id WHERE i.version_id = ${versionId} ORDER BY i.position`)
    expect(items.map((i) => i.name)).toEqual(names)

    const row = page.locator('[data-testid=version]', { hasText: '浏览器测试方案' })
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid=export-csv]').click()])
    expect(csvDownload.suggestedFilename()).toMatch(/^浏览器测试方案-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = Papa.parse<Record<string, string>>(readFileSync(await saved(csvDownload), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true })
    expect(csv.data.map((r) => r['项目编号'])).toEqual(items.map((i) => i.code))

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), row.locator('[data-testid=export-xlsx]').click()])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(await saved(xlsxDownload))
    const sheet = workbook.worksheets[0]
    expect(sheet.getRow(1).getCell(2).value).toBe('项目名称')
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(2).value)).toEqual(names)
  })

  it('prints the version as a PDF report with its map and list', async () => {
    await page.locator('[data-testid=version]', { hasText: '浏览器测试方案' }).locator('[data-testid=report]').click()
    await page.waitForSelector('[data-testid=report-map-image]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid=report-total]')).toBe('3')
    const pdf = await page.pdf({ format: 'A4', printBackground: true })
    const document = await getDocumentProxy(new Uint8Array(pdf))
    const { text } = await extractText(document, { mergePages: true })
    const [first] = await rows(sql<{ name: string }>`
      SELECT s.name FROM pick_list_items i JOIN sites s ON s.id = i.site_id WHERE i.version_id = ${versionId} ORDER BY i.position LIMIT 1`)
    expect(text).toContain('浏览器测试方案')
    expect(text.replace(/\s/g, '')).toContain(first.name.replace(/\s/g, ''))
    // The map is on the first page as an image, of the width of the printed map box.
    const images = await extractImages(document, 1)
    expect(images.length).toBeGreaterThan(0)
    expect(Math.max(...images.map((i) => i.width))).toBeGreaterThan(300)
    await page.screenshot({ path: path.join(ARTIFACTS, 'planning-report.png'), fullPage: true })
    expect(errors).toEqual([])
  })
})
