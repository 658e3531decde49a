import type { Reporter, TestModule } from 'vitest/node'

/*
 * Ends every run with its ten slowest test files, so that a regression in test time shows at once. A file's time
 * is what it cost its worker: importing it, its hooks (seeding or copying its city, starting a browser) and its tests.
 */
export default class SlowestFiles implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const files = testModules.map((m) => {
      const d = m.diagnostic()
      return { name: `${m.project.name}/${m.relativeModuleId.replace(/^tests\/[a-z0-9]+\//, '')}`, ms: d.prepareDuration + d.collectDuration + d.setupDuration + d.duration }
    }).sort((a, b) => b.ms - a.ms).slice(0, 10)
    if (files.length === 0) return
    console.log(`\nslowest test files${process.env.DATABASE_URL ? ' (server engine)' : ' (embedded engine)'}:`)
    for (const f of files) console.log(`${(f.ms / 1000).toFixed(1).padStart(8)} s  ${f.name}`)
  }
}
