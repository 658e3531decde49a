import path from 'node:path'
import { sql } from 'kysely'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'
import { TEST_PASSWORD } from '../support/session.ts'

/*
 * A grid supervisor's working day in Chromium: signing in, seeing only their own zone, recording an inspection
 * that finds a hazard (with a photo and the device's position), and walking that hazard round the closed loop.
 */

/** A small real PNG, as a phone camera's photo stands in. */
function photo(): Buffer {
  const png = new PNG({ width: 32, height: 24 })
  for (let i = 0; i < png.data.length; i += 4) png.data.set([200, 120, 40, 255], i)
  return PNG.sync.write(png)
}

describe.skipIf(browserMissing)('a grid supervisor in Chromium', () => {
  let portal: Portal
  let supervisor: string
  beforeAll(async () => {
    portal = await startPortal()
    supervisor = portal.database.demo('grid_supervisor')
  })
  afterAll(() => portal?.close())

  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(portal.database.db)).rows
  const zoneSiteIds = async () => (await rows(sql<{ id: number }>`
    SELECT s.id FROM sites s JOIN grid_supervisors gs ON gs.grid_id = s.grid_id JOIN users u ON u.id = gs.user_id
    WHERE u.username = ${supervisor} ORDER BY s.id`)).map((r) => r.id)

  it('signs in, lands on their zone, and sees only their own sites', async () => {
    const { page, errors } = await portal.open('/', { width: 1600, height: 900 }, null)
    await page.fill('input[name=username]', supervisor)
    await page.fill('input[name=password]', 'not-the-password')
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toBe('用户名或密码错误')
    await page.fill('input[name=password]', TEST_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForSelector('[data-testid=my-zone]')
    expect(new URL(page.url()).pathname).toBe('/zone')
    const own = await zoneSiteIds()
    await expect.poll(() => page.textContent('[data-testid=site-count]'), { timeout: 30_000 }).toBe(String(own.length))
    // What the browser itself can fetch with this session: nothing outside the zone.
    const drawn: number[] = await page.evaluate(`fetch('/api/layers/sites').then((r) => r.json()).then((fc) => fc.features.map((f) => f.id))`)
    expect([...drawn].sort((a, b) => a - b)).toEqual(own)
    const foreign = (await rows(sql<{ id: number }>`SELECT id FROM sites WHERE id NOT IN (${sql.join(own)}) ORDER BY id LIMIT 1`))[0].id
    expect(await page.evaluate(`fetch('/api/sites/${foreign}').then((r) => r.status)`)).toBe(404)
    await page.waitForTimeout(2_000)
    await page.screenshot({ path: path.join(ARTIFACTS, 'my-zone.png') })
    // The only failed requests are the ones this test made fail: before signing in, and the foreign site.
    expect(errors.filter((e) => !/status of (401|404)/.test(e))).toEqual([])
    await page.close()
  })

  it('records an inspection with a photo, its position and a hazard, then closes the hazard step by step', async () => {
    const { page, errors } = await portal.open('/zone', { width: 1600, height: 900 }, supervisor)
    await page.context().grantPermissions(['geolocation'])
    await page.context().setGeolocation({ longitude: 120.62, latitude: 31.3, accuracy: 12 })
    await page.click('[data-testid=zone-sites] li:first-child button')
    await page.click('[data-testid=record-inspection]')
    await page.selectOption('select[name=kind]', 'dust_open')
    await page.check('input[name=check-enclosure]')
    await page.check('input[name=check-vehicle_washing]')
    await page.fill('input[name=score-dust_control]', '12')
    await page.fill('textarea[name=findings]', '现场扬尘控制不到位 <b>注意</b>')
    await page.setInputFiles('[data-testid=photo-input]', { name: 'site.png', mimeType: 'image/png', buffer: photo() })
    await page.waitForSelector('.photos .thumbs img')
    await page.getByRole('button', { name: '使用当前位置' }).click()
    await expect.poll(() => page.textContent('[data-testid=location]')).toContain('120.62000')
    await page.click('[data-testid=add-hazard]')
    await page.fill('input[name=category]', '临边防护缺失')
    await page.fill('textarea[name=description]', '三层楼板临边未设防护栏杆，间距<5m')
    await page.selectOption('select[name=severity]', 'major')
    await page.selectOption('select[name=notice]', 'rectification')

    // Markup in free text is refused with a clear message, and nothing is saved.
    await page.click('[data-testid=save-inspection]')
    await expect.poll(() => page.textContent('[data-testid=form-error]')).toContain('findings')
    expect(await rows(sql`SELECT id FROM inspections WHERE inspector_id = (SELECT id FROM users WHERE username = ${supervisor}) AND recorded_at IS NOT NULL`)).toHaveLength(0)
    await page.fill('textarea[name=findings]', '现场扬尘控制不到位')
    await page.click('[data-testid=save-inspection]')

    // Back on the site: the new hazard is open, shown as text exactly as typed.
    await page.waitForSelector('[data-testid=site-panel] [data-testid=open-hazards]')
    const hazard = page.locator('[data-testid=open-hazards] button', { hasText: '间距<5m' })
    await hazard.click()
    await expect.poll(() => page.textContent('[data-testid=hazard-status]')).toBe('待整改')
    expect(await page.textContent('[data-testid=hazard-description]')).toBe('三层楼板临边未设防护栏杆，间距<5m')
    await page.click('[data-testid=move-rectifying]')
    await expect.poll(() => page.textContent('[data-testid=hazard-status]')).toBe('整改中')
    await page.fill('textarea[name=evidence]', '已加设 1.2 m 防护栏杆')
    await page.click('[data-testid=move-submitted]')
    await expect.poll(() => page.textContent('[data-testid=hazard-status]')).toBe('待复查')
    await page.fill('textarea[name=note]', '现场复查合格')
    await page.click('[data-testid=move-closed]')
    await expect.poll(() => page.textContent('[data-testid=hazard-status]')).toBe('已闭环')
    expect(await page.locator('[data-testid=hazard-steps] li').count()).toBe(4)
    await page.screenshot({ path: path.join(ARTIFACTS, 'hazard-closed.png') })

    const [saved] = await rows(sql<{ kind: string; score: number; photos: number; lon: number; hazards: number; notices: number; steps: number; audits: number }>`
      SELECT i.kind, i.score, (SELECT count(*)::int FROM photos p WHERE p.inspection_id = i.id) AS photos, ST_X(i.location) AS lon,
        (SELECT count(*)::int FROM hazards h WHERE h.inspection_id = i.id AND h.status = 'closed') AS hazards,
        (SELECT count(*)::int FROM notices n JOIN hazards h ON h.id = n.hazard_id WHERE h.inspection_id = i.id) AS notices,
        (SELECT count(*)::int FROM hazard_events e JOIN hazards h ON h.id = e.hazard_id WHERE h.inspection_id = i.id) AS steps,
        (SELECT count(*)::int FROM audit_log a WHERE a.user_id = i.inspector_id) AS audits
      FROM inspections i WHERE i.inspector_id = (SELECT id FROM users WHERE username = ${supervisor}) AND i.recorded_at IS NOT NULL`)
    expect(saved).toMatchObject({ kind: 'dust_open', score: 92, photos: 1, hazards: 1, notices: 1, steps: 4 })
    expect(saved.lon).toBeCloseTo(120.62, 5)
    // The upload, the inspection and three steps, each in the audit log.
    expect(saved.audits).toBe(5)
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]) // the refused markup
    await page.close()
  })

  it('works on a phone: the zone\'s tasks as a bottom sheet under the map', async () => {
    const { page, errors } = await portal.open('/zone', { width: 390, height: 844 }, supervisor)
    await page.waitForSelector('[data-testid=my-zone]')
    const sheet = (await page.locator('[data-testid=my-zone]').boundingBox())!
    expect(sheet.width).toBeGreaterThan(380)
    expect(sheet.y).toBeGreaterThan(300)
    await page.waitForTimeout(1_500)
    await page.screenshot({ path: path.join(ARTIFACTS, 'my-zone-phone.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
