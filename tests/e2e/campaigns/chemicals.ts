import path from 'node:path'
import { sql } from 'kysely'
import { expect } from 'vitest'
import { ARTIFACTS, type Portal } from '../../support/portal.ts'
import type { Role } from '../../../server/domain/roles.ts'
import type { Scenario } from './scenario.ts'

/*
 * 危化品专项治理 in Chromium.
 *
 * A district supervisor records a chemical on a site of their district: a mistyped CAS number is refused inline
 * before sending, the corrected one is saved; then a risk identification of that site with one danger, which opens
 * a 危化品 hazard; the hidden-danger list shows it, linked to the hazard.
 *
 * The city's map of chemical stores: sites coloured by class with the receptors near them, and the table of sites
 * with receptors within the radius, which a wider radius lengthens.
 */

const VIEW = { width: 1500, height: 950 }

/** The demo account with this role, signed in on `to`. */
const signedIn = (portal: Portal, role: Role, to: string) => portal.open(to, VIEW, portal.database.demo(role))

export const scenarios: Scenario[] = [{
  name: 'chemicals: a district supervisor records a chemical, identifies a danger and finds it in the hidden-danger list',
  async run(portal) {
    const supervisor = await portal.session(portal.database.demo('district_supervisor'))
    const { rows: [site] } = await sql<{ id: number; lon: number; lat: number }>`
      SELECT s.id, ST_X(ST_PointOnSurface(s.footprint)) AS lon, ST_Y(ST_PointOnSurface(s.footprint)) AS lat FROM sites s
      WHERE s.district_id = ${supervisor.user.districtId} AND s.footprint IS NOT NULL AND s.stage <> 'completed'
        AND NOT EXISTS (SELECT 1 FROM site_chemicals c WHERE c.site_id = s.id) ORDER BY s.id DESC LIMIT 1`.execute(portal.database.db)
    const { page, errors } = await signedIn(portal, 'district_supervisor', '/campaigns/chemicals/inventory')
    await expect.poll(() => page.getByTestId('chemical-kpi-surveyed').textContent()).toMatch(/已开展风险辨识 \d+\/\d+ 个项目/)

    const form = page.getByTestId('chemical-form')
    await form.locator('input[name=siteId]').fill(String(site.id))
    await form.locator('input[name=name]').fill('液化石油气')
    await expect.poll(() => form.locator('input[name=unNo]').inputValue()).toBe('1075')
    await form.locator('input[name=casNo]').fill('68476-85-8')
    await expect.poll(() => form.getByTestId('cas-invalid').textContent()).toBe('CAS号校验位不正确')
    await form.locator('input[name=casNo]').fill('68476-85-7')
    await expect.poll(() => form.getByTestId('cas-invalid').count()).toBe(0)
    await form.locator('input[name=maxQuantity]').fill('120')
    await form.locator('input[name=lon]').fill(String(site.lon))
    await form.locator('input[name=lat]').fill(String(site.lat))
    await form.locator('input[name=storageNote]').fill('气瓶库')
    await form.locator('input[name=responsibleName]').fill('浏览器测试建设有限公司')
    await form.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => form.getByTestId('chemical-saved').textContent()).toBe('已登记：液化石油气')
    const { rows: [stored] } = await sql<{ id: number }>`SELECT id FROM site_chemicals WHERE site_id = ${site.id} AND name = '液化石油气'`.execute(portal.database.db)
    await expect.poll(() => page.getByTestId(`chemical-${stored.id}`).textContent()).toContain('2.1 易燃气体')
    await page.screenshot({ path: path.join(ARTIFACTS, 'chemicals-inventory.png') })

    await page.getByTestId('chemicals-nav-surveys').click()
    const survey = page.getByTestId('survey-form')
    await survey.locator('input[name=surveySiteId]').fill(String(site.id))
    await survey.getByTestId('load-chemicals').click()
    const row = survey.getByTestId('risk-row-0')
    await row.locator('select[name=risk]').selectOption('explosion')
    await row.locator('select[name=level]').selectOption('high')
    await row.locator('input[name=measure]').fill('气瓶直立固定，远离火源')
    await row.locator('input[name=danger]').fill('气瓶露天暴晒，未设遮阳棚')
    await survey.getByRole('button', { name: '保存' }).click()
    await expect.poll(() => survey.getByTestId('survey-saved').textContent()).toBe('已保存风险辨识，生成隐患 1 项')
    const { rows: [hazard] } = await sql<{ id: number; severity: string }>`SELECT h.id, h.severity FROM hazards h
      WHERE h.raised_by = 'chemical' AND h.site_id = ${site.id} AND h.status = 'open'`.execute(portal.database.db)
    expect(hazard.severity).toBe('major')

    await page.getByTestId('chemicals-nav-dangers').click()
    const danger = page.getByTestId(`danger-${hazard.id}`)
    await expect.poll(() => danger.textContent()).toContain('气瓶露天暴晒，未设遮阳棚')
    expect(await danger.getByRole('link', { name: `#${hazard.id}` }).getAttribute('href')).toBe(`/?sel=hazard:${hazard.id}`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'chemicals-dangers.png') })
    expect(errors).toEqual([])
    await page.close()
  },
}, {
  name: 'chemicals: the city\'s map of chemical stores shows the receptors near them, more within a wider radius',
  async run(portal) {
    const db = portal.database.db
    // A school 800 m from a store: outside a 200 m radius, inside a 2 km one (a small city's receptors are few and far).
    const { rows: [store] } = await sql<{ id: number }>`SELECT site_id AS id FROM site_chemicals WHERE removed_on IS NULL ORDER BY site_id LIMIT 1`.execute(db)
    await sql`INSERT INTO sensitive_receptors (kind, name, location) SELECT 'school', '浏览器测试实验小学',
      ST_Project(location::geography, 800, 0)::geometry FROM sites WHERE id = ${store.id}`.execute(db)
    const { page, errors } = await signedIn(portal, 'city_command', '/campaigns/chemicals/map')
    const { rows: [{ n: stores }] } = await sql<{ n: number }>`SELECT count(DISTINCT site_id)::int AS n FROM site_chemicals WHERE removed_on IS NULL`.execute(db)
    const canvas = page.getByTestId('chemical-map-canvas')
    await expect.poll(() => canvas.getAttribute('data-sites')).toBe(String(stores))
    await expect.poll(() => canvas.locator('canvas').count()).toBeGreaterThan(0)
    const near = page.getByTestId('chemical-near-receptors').locator('tbody tr')
    await page.getByTestId('chemical-radius').selectOption('200')
    await expect.poll(() => page.getByTestId('chemical-map-summary').textContent()).toContain(`${stores} 个存放危化品的项目`)
    const narrow = await near.count()
    await page.getByTestId('chemical-radius').selectOption('2000')
    await expect.poll(() => near.count()).toBeGreaterThan(narrow)
    await expect.poll(() => page.getByTestId(`near-${store.id}`).textContent()).toContain('浏览器测试实验小学（学校，800 米）')
    await page.screenshot({ path: path.join(ARTIFACTS, 'chemicals-map.png') })
    expect(errors).toEqual([])
    await page.close()
  },
}]
