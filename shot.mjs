import { chromium } from 'playwright-core'
const [,, url, out, ...actions] = process.argv
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] })
const [w, h] = (process.env.VIEW ?? '1600x900').split('x').map(Number)
const page = await browser.newPage({ viewport: { width: w, height: h } })
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log('console', m.type(), m.text().slice(0, 300)) })
page.on('pageerror', (e) => console.log('pageerror', e.message))
await page.goto(url)
await page.waitForTimeout(6000)
for (const a of actions) {
  const [kind, arg, arg2] = a.split('|')
  if (kind === 'click') await page.click(arg)
  if (kind === 'type') await page.fill(arg, arg2)
  if (kind === 'mouse') { const [x, y] = arg.split(',').map(Number); await page.mouse.click(x, y) }
  if (kind === 'wait') await page.waitForTimeout(Number(arg))
  if (kind === 'key') await page.keyboard.press(arg)
  if (kind === 'eval') await page.evaluate(arg)
}
await page.screenshot({ path: out })
console.log('url', page.url())
await browser.close()
