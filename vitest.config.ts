import { defineConfig } from 'vitest/config'
import LongestFirst from './tests/support/longest-first.ts'

export default defineConfig({
  test: {
    // Seeded test cities are built once per run and copied per file (tests/support/city-templates.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/slowest-files.ts'],
    // Two cores: one file's database or browser works while another waits on it. Vitest's default (cores - 1) is 1 here.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      // Unit and API files share their worker's loaded modules (isolate: false): importing the app afresh for every
      // file cost ~3 s a file, a sixth of the API run. Safe because nothing in server/, db/ or tests/support keeps
      // module-level state beyond constants and counters; the browser files keep isolation (portal.ts's hooks are per file).
      // A few unit tests are seconds of CPU alone (scrypt, a whole PDF rendered and parsed, the PostGIS bundle read):
      // beside both engines' suites on 2 cores, the PDF's took over vitest's 5 s default.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], isolate: false, testTimeout: 30_000 } },
      {
        // Each file opens its own real database (PGlite, or a fresh database on DATABASE_URL's server).
        test: { name: 'api', include: ['tests/api/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000, isolate: false },
      },
      // One browser file at a time: each drives a Chromium that wants both cores for its software WebGL.
      // A poll waits for what a user waits for: vitest's default of 1 s failed a table's first load on a busy 2-core CI.
      {
        test: {
          name: 'e2e', include: ['tests/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false,
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
})
