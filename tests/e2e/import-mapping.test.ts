import path from 'node:path'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ODD_STAGE, railLedger } from '../support/office-sheets.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'

/*
 * Issue 19 in Chromium: a district rail office's ledger (GB18030, CRLF, AMap coordinates, 工程类别 for the kind and
 * 基础施工 for a stage) is previewed as soon as it is chosen; the administrator confirms the one guessed column and
 * the one guessed value, imports 40 sites, and the mapping is kept as the office's template. The same sheet a
 * second time is recognised by its headers and needs nothing but 确认导入.
 */

describe.skipIf(browserMissing)('an administrator mapping an office ledger in Chromium', () => {
  let portal: Portal
  let page: Page
  const ledger = railLedger()
  let upload: { name: string; mimeType: string; buffer: Buffer }
  beforeAll(async () => {
    portal = await startPortal()
    ;({ page } = await portal.open('/', { width: 1400, height: 1000 }, portal.database.demo('admin')))
    upload = { name: ledger.file.name, mimeType: 'text/csv', buffer: Buffer.from(await ledger.file.arrayBuffer()) }
    await page.click('[data-testid=nav-admin]')
    await page.click('[data-testid=tab-imports]')
  })
  afterAll(() => portal?.close())

  // A preview has come back and nothing is running: what the user reads before deciding.
  const settled = () => page.waitForSelector('.import-result[aria-busy=false] [data-testid=import-commit]', { timeout: 60_000 })
  const column = (name: string) => page.locator(`[data-testid=mapping-column][data-column="${name}"]`)
  const value = (raw: string) => page.locator(`[data-testid=mapping-value][data-value="${raw}"]`)
  const total = (kind: string) => page.textContent(`[data-testid=import-total-${kind}]`)

  it('previews the ledger on choosing it, with 工程类别 and 基础施工 as the only guesses to confirm', async () => {
    expect(upload.name).toContain('高德')
    await page.setInputFiles('[data-testid=import-file]', upload)
    await settled()
    expect(await page.textContent('[data-testid=import-report]')).toContain('GCJ-02')
    expect(await total('rows')).toBe('40')
    expect(await page.locator('[data-testid=import-missing]').count()).toBe(0)
    expect(await page.locator('tr.unconfirmed').count()).toBe(2)
    expect(await column('工程类别').locator('select').inputValue()).toBe('kind')
    expect(await column('工程类别').textContent()).toContain('相似')
    expect(await column('经度').locator('select').inputValue()).toBe('lon')
    expect(await value(ODD_STAGE).locator('select').inputValue()).toBe('earthworks')
    expect(await value(ODD_STAGE).textContent()).toContain(String(ledger.oddStageRows))
    expect(await page.textContent('[data-testid=import-blocked]')).toContain('2 项匹配待确认')
    expect(await page.isDisabled('[data-testid=import-commit]')).toBe(true)
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-mapping.png'), fullPage: true })
  })

  it('imports 40 new sites once the column and the value are confirmed, within 5 m of where they are', async () => {
    await column('工程类别').locator('[data-testid=confirm-column]').click()
    await value(ODD_STAGE).locator('[data-testid=confirm-value]').click()
    await page.waitForSelector('[data-testid=import-commit]:not([disabled])', { timeout: 60_000 })
    expect(await page.locator('tr.unconfirmed').count()).toBe(0)
    expect(await column('工程类别').textContent()).toContain('手工')
    expect(await total('create')).toBe('40')
    expect(await total('reject')).toBe('0')
    // Confirming is deciding: the mapping is offered as a template, named after the layer and the file.
    expect(await page.isChecked('[data-testid=import-save-template]')).toBe(true)
    expect(await page.inputValue('[data-testid=import-template-name]')).toBe('在建项目·2021年轨道交通在建项目台账（高德坐标）')
    await page.click('[data-testid=import-commit]')
    await page.waitForSelector('[data-testid=import-done]', { timeout: 60_000 })
    expect(await page.textContent('[data-testid=import-done]')).toContain('新增 40 行')
    await page.waitForSelector('[data-testid=import-template-row] >> text=在建项目·2021年轨道交通在建项目台账（高德坐标）')

    await expectLanded()
  })

  /** The ledger's 40 sites, each within 5 m of its WGS-84 truth, with its dates unknown. */
  async function expectLanded() {
    const { rows } = await sql<{ code: string; lon: number; lat: number; start_date: string | null }>`
      SELECT code, ST_X(location) AS lon, ST_Y(location) AS lat, start_date FROM sites WHERE code LIKE 'GD2021-%'`.execute(portal.database.db)
    expect(rows).toHaveLength(40)
    const stored = new Map(rows.map((r) => [r.code, r]))
    for (const truth of ledger.truth) {
      const site = stored.get(truth.code)
      expect(site, truth.code).toBeDefined()
      expect(metresApart(site!, truth), truth.code).toBeLessThan(5)
      expect(site!.start_date, truth.code).toBeNull()
    }
  }

  it('recognises the same sheet by its template the second time: 确认导入 alone imports it', async () => {
    await page.setInputFiles('[data-testid=import-file]', upload)
    await page.waitForSelector('[data-testid=import-template] >> text=已套用模板「在建项目·2021年轨道交通在建项目台账（高德坐标）」', { timeout: 60_000 })
    await page.waitForSelector('[data-testid=import-commit]:not([disabled])', { timeout: 60_000 })
    expect(await page.locator('tr.unconfirmed').count()).toBe(0)
    expect(await page.locator('[data-testid=import-blocked]').count()).toBe(0)
    expect(await column('工程类别').textContent()).toContain('模板')
    expect(await value(ODD_STAGE).locator('select').inputValue()).toBe('earthworks')
    expect(await total('reject')).toBe('0')
    // Nothing was decided this time, so nothing is saved unless asked.
    expect(await page.isChecked('[data-testid=import-save-template]')).toBe(false)
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-template.png'), fullPage: true })
    await page.click('[data-testid=import-commit]')
    await page.waitForSelector('[data-testid=import-done]', { timeout: 60_000 })
    expect(await total('reject')).toBe('0')
    expect(Number(await total('create')) + Number(await total('update'))).toBe(40)
    await expectLanded()
  })

  it('shows an imported site\'s construction period as unknown in its panel', async () => {
    const site = await portal.database.db.selectFrom('sites').select(['id', 'name']).where('code', '=', ledger.truth[0].code).executeTakeFirstOrThrow()
    const { page: map } = await portal.open(`/?sel=site:${site.id}`, { width: 1400, height: 1000 }, portal.database.demo('admin'))
    await expect.poll(() => map.textContent('[data-testid=site-panel] h2'), { timeout: 15_000 }).toBe(site.name)
    expect(await map.textContent('[data-testid=site-period]')).toBe('工期未知（台账未填开竣工日期）')
  })

  it('renames and deletes the office\'s template from the list', async () => {
    const row = page.locator('[data-testid=import-template-row]')
    await row.getByRole('button', { name: '重命名' }).click()
    await row.getByRole('textbox').fill('轨道交通台账')
    await row.getByRole('button', { name: '保存' }).click()
    await page.waitForSelector('[data-testid=import-template-row] >> text=轨道交通台账')
    page.once('dialog', (dialog) => void dialog.accept())
    await row.getByRole('button', { name: '删除' }).click()
    await page.waitForSelector('[data-testid=import-templates] >> text=暂无')
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_templates`.execute(portal.database.db)
    expect(rows[0].n).toBe(0)
  })
})

/** Ground distance between two WGS-84 points a few metres apart (equirectangular: off by well under 1 % of it). */
function metresApart(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
  const metresPerDegree = 111_320
  const dx = (a.lon - b.lon) * metresPerDegree * Math.cos((b.lat * Math.PI) / 180)
  const dy = (a.lat - b.lat) * metresPerDegree
  return Math.hypot(dx, dy)
}
