import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'
import { templatePrefix } from './city-templates.ts'

/*
 * Once per `npm test`, before any worker starts: a folder of the run's own for the test-city templates
 * (city-templates.ts). Afterwards the templates go, on the server too, so that runs leave nothing behind.
 */
export default async function setup(project: TestProject) {
  const runDir = await mkdtemp(path.join(tmpdir(), 'sitegrid-test-'))
  project.provide('testRunDir', runDir)
  return async () => {
    const serverUrl = process.env.DATABASE_URL
    if (serverUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
      const templates = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname LIKE ${`${templatePrefix(runDir)}\\_%`}`
      for (const { datname } of templates) await admin.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
      await admin.end()
    }
    await rm(runDir, { recursive: true, force: true })
  }
}
