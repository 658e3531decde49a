import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeAt } from '../../server/features/auth/totp.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'
import { TEST_PASSWORD } from '../support/session.ts'

/*
 * An administrator enrols in two-factor sign-in from the prompt the portal shows them (ADMIN_TOTP=prompt, as in
 * development), as a phone would: the key read off the page, the code computed here. The portal runs on the real
 * clock, so the codes are made for the moment they are typed; signing in uses the next step's code (the server
 * accepts one step ahead) because the step used to confirm cannot be used again.
 */

describe.skipIf(browserMissing)('two-factor sign-in in Chromium', () => {
  let portal: Portal
  beforeAll(async () => {
    portal = await startPortal()
  })
  afterAll(() => portal?.close())

  it('an admin enrols from the prompt, keeps the recovery codes, signs out and back in with password and code', async () => {
    const admin = portal.database.demo('admin')
    const { page, errors } = await portal.open('/', { width: 1400, height: 900 }, admin)
    await page.click('[data-testid=two-factor-enrol]')
    await page.click('[data-testid=totp-start]')
    const secret = (await page.textContent('[data-testid=totp-secret]'))!.replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    // The QR code is an image the page was allowed to load (an SVG data: URL under the CSP).
    await expect.poll(() => page.$eval('[data-testid=totp-qr]', (img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)

    await page.fill('[data-testid=totp-code]', codeAt(secret, new Date()))
    await page.click('[data-testid=totp-confirm]')
    await page.waitForSelector('[data-testid=recovery-codes]')
    const codes = await page.$$eval('[data-testid=recovery-code]', (els) => els.map((e) => e.textContent ?? ''))
    expect(codes).toHaveLength(10)
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=recovery-codes-download]')])
    const saved = await readFile((await download.path())!, 'utf8')
    for (const code of codes) expect(saved).toContain(code)
    await page.screenshot({ path: path.join(ARTIFACTS, 'two-factor-recovery-codes.png') })
    await page.click('[data-testid=recovery-codes-saved]')
    await page.waitForSelector('[data-testid=two-factor-prompt]', { state: 'detached' })

    await page.click('[data-testid=sign-out]')
    await page.fill('input[name=username]', admin)
    await page.fill('input[name=password]', TEST_PASSWORD)
    await page.click('button[type=submit]')
    await page.waitForSelector('[data-testid=login-code]')
    await page.fill('[data-testid=login-code]', String(Number(codeAt(secret, new Date())) + 1).padStart(6, '0').slice(-6))
    await page.click('button[type=submit]')
    await expect.poll(() => page.textContent('[data-testid=login-error]')).toBe('验证码错误或已使用过，请等待下一个验证码')
    await page.fill('[data-testid=login-code]', codeAt(secret, new Date(Date.now() + 30_000)))
    await page.click('button[type=submit]')
    await page.waitForSelector('[data-testid=user-chip]')
    expect(await page.$('[data-testid=two-factor-prompt]')).toBeNull()
    // The only failed requests are the ones the test made fail: the code asked for, and the wrong code.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([])
    await page.close()
  })
})
