import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { ListenerStatus } from '../../deps.ts'
import { pingDatabase } from './health.repo.ts'

/*
 * The deep health check: the database answers a query within DATABASE_TIMEOUT_MS, and each configured device
 * listener is up. It is public, so it is kept cheap: requests that arrive while a check runs share its answer,
 * and a hung database costs a timer, not a request held open.
 */

export interface DeepHealth {
  status: 'ok' | 'degraded'
  checks: { database: { ok: boolean; ms: number }; hj212?: { ok: boolean }; mqtt?: { ok: boolean } }
}

const DATABASE_TIMEOUT_MS = 2_000

function withinTime(work: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms) })
  return Promise.race([work.then(() => true, () => false), late]).finally(() => clearTimeout(timer))
}

/** Listener statuses are read as they are; one that throws counts as down. */
const up = (status: () => boolean) => { try { return status() === true } catch { return false } }

export function deepHealthCheck(db: Kysely<DB>, listeners: ListenerStatus = {}): () => Promise<DeepHealth> {
  let running: Promise<DeepHealth> | null = null
  const check = async (): Promise<DeepHealth> => {
    const started = performance.now()
    const databaseOk = await withinTime(pingDatabase(db), DATABASE_TIMEOUT_MS)
    const checks: DeepHealth['checks'] = { database: { ok: databaseOk, ms: Math.round((performance.now() - started) * 10) / 10 } }
    if (listeners.hj212) checks.hj212 = { ok: up(listeners.hj212) }
    if (listeners.mqtt) checks.mqtt = { ok: up(listeners.mqtt) }
    return { status: Object.values(checks).every((c) => c.ok) ? 'ok' : 'degraded', checks }
  }
  return () => {
    running ??= check().finally(() => { running = null })
    return running
  }
}
