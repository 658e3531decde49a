// `npm start` builds the web app when it is missing or older than its sources, so a fresh clone needs
// nothing but `npm install && npm start`; an up-to-date build costs nothing.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const built = 'dist/web/index.html'
const newestSource = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name)
    return Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs)
  }, 0)

const sources = Math.max(newestSource('web'), statSync('vite.config.ts').mtimeMs, statSync('package-lock.json').mtimeMs)
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
  console.log('building the web app …')
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' })
}
