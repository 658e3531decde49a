import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { alarmEscalation } from '../../domain/alarm-rules.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import * as repo from './alarms.repo.ts'

/*
 * What no packet announces: silence, a camera that stays offline, an alarm nobody answered. Swept every few
 * seconds; each sweep is a few indexed statements, whatever the number of devices.
 */

export interface AlarmSweeper {
  sweep(): Promise<{ opened: number; escalated: number }>
  stop(): Promise<void>
}

const LEVEL = { none: 0, district: 1, city: 2 } as const

export function createAlarmSweeper(db: Kysely<DB>, options: { everyMs: number; now?: () => Date }): AlarmSweeper {
  const now = options.now ?? (() => new Date())
  let running: Promise<unknown> = Promise.resolve()

  async function sweep() {
    const opened = await repo.raiseTimedAlarms(db)
    let escalated = 0
    for (const alarm of await repo.overdueUnacknowledged(db)) {
      const to = alarmEscalation(new Date(alarm.respondBy), alarm.respondMinutes, false, now())
      if (to === 'none' || LEVEL[to] <= LEVEL[alarm.escalation as keyof typeof LEVEL]) continue
      const moved = await db.transaction().execute(async (trx) => {
        if (!(await repo.escalate(trx, alarm.id, alarm.escalation, to))) return false
        await writeAudit(trx, { userId: null, action: 'escalate', entity: 'alarm', entityId: alarm.id, before: { escalation: alarm.escalation }, after: { escalation: to } })
        return true
      })
      if (moved) escalated++
    }
    return { opened, escalated }
  }

  const timer = setInterval(() => {
    running = running.then(sweep).catch((error) => console.error('alarm sweep failed:', error))
  }, options.everyMs)
  timer.unref()

  return {
    sweep: () => (running = running.then(sweep)) as Promise<{ opened: number; escalated: number }>,
    async stop() {
      clearInterval(timer)
      await running.catch(() => {})
    },
  }
}
