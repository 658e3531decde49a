// `npm start` (and the browser tests) build the web app when it is missing or older than its sources, so a fresh
// clone needs nothing but `npm install && npm start`; an up-to-date build costs nothing.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

/** Where the web app is built to: dist/web, unless WEB_BUILD_DIR names another (say, one browser-test run's own). */
export const WEB_BUILD = process.env.WEB_BUILD_DIR ?? 'dist/web'

const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name)
    return Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs)
  }, 0)

/** Builds `dist/web` unless it is newer than everything it is built from (the web app imports server/domain too). */
export function ensureWebBuild() {
  const built = path.join(WEB_BUILD, 'index.html')
  const sources = Math.max(newestSource('web'), newestSource('server/domain'), statSync('vite.config.ts').mtimeMs, statSync('package-lock.json').mtimeMs)
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  console.log('building the web app …')
  // NODE_ENV=production whoever calls: under vitest it is `test`, which would give React's development build.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', path.resolve(WEB_BUILD)], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureWebBuild()
