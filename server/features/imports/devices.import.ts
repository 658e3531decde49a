import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { newDeviceSecret } from '../devices/device-secret.ts'
import { sha256 } from '../auth/session.ts'
import { deviceBindings } from './imports.repo.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * What a new device row needs beyond its own cells: the protocol its kind speaks, a binding that matches its kind
 * (a crane monitor to a crane of its site, a camera device to a camera of its site, a dust monitor to neither), and
 * an identity, crane and camera that no other device has, in the file or registered. Each problem is the row's
 * reason, as the database's own CHECKs and UNIQUEs would otherwise fail the whole import with one opaque error.
 */

export interface IssuedSecret { code: string; identity: string; secret: string }

const BINDINGS = [
  { field: 'crane_code', column: 'crane_id', kind: 'crane_monitor', prefix: 'crane' },
  { field: 'camera_code', column: 'camera_id', kind: 'camera', prefix: 'camera' },
] as const

/** Adds reasons to the new rows (already resolved to their site), and their crane_id / camera_id. */
export async function checkDeviceRows(db: Kysely<DB>, mapping: ColumnMapping, rows: CandidateRow[]): Promise<void> {
  const values = (field: string) => [...new Set(rows.map((r) => r.record[field]).filter((v): v is string => typeof v === 'string'))]
  const known = await deviceBindings(db, { craneCodes: values('crane_code'), cameraCodes: values('camera_code'), identities: values('identity') })
  const column = (field: string) => mapping.fields[field] ?? field
  for (const row of rows) {
    const { kind, protocol, identity } = row.record
    if (kind && protocol && (kind === 'dust_monitor') !== (protocol === 'hj212')) {
      row.reasons.push({ code: 'protocol_mismatch', column: column('protocol'), value: String(protocol) })
    }
    if (typeof identity === 'string' && known.identities.has(identity)) {
      row.reasons.push({ code: 'identity_taken', column: column('identity'), value: `${identity} → ${known.identities.get(identity)}` })
    }
    for (const b of BINDINGS) {
      const code = row.record[b.field] as string | undefined
      if (!kind) continue
      if (kind === b.kind && code === undefined) row.reasons.push({ code: `${b.prefix}_required`, column: column(b.field) })
      if (kind !== b.kind && code !== undefined) row.reasons.push({ code: `${b.prefix}_not_allowed`, column: column(b.field), value: code })
      if (kind !== b.kind || code === undefined) continue
      const target = (b.prefix === 'crane' ? known.cranes : known.cameras).get(code)
      if (!target) row.reasons.push({ code: `unknown_${b.prefix}`, column: column(b.field), value: code })
      else if (row.record.site_id !== undefined && target.siteId !== row.record.site_id) row.reasons.push({ code: `${b.prefix}_not_on_site`, column: column(b.field), value: code })
      else if (target.takenBy) row.reasons.push({ code: `${b.prefix}_taken`, column: column(b.field), value: `${code} → ${target.takenBy}` })
      else row.record[b.column] = target.id
    }
  }
  rejectShared(rows, 'identity', 'identity', column('identity'))
  // A crane or camera counts once it would be bound: a row already refused it does not also make it a duplicate.
  for (const b of BINDINGS) rejectShared(rows, b.column, b.field, column(b.field))
}

/** Like duplicate codes, an identity, crane or camera given to two new rows rejects both: which is right is the office's call. */
function rejectShared(rows: CandidateRow[], field: string, shown: string, column: string) {
  const lines = new Map<unknown, number[]>()
  for (const row of rows) {
    const value = row.record[field]
    if (value !== undefined) lines.set(value, [...(lines.get(value) ?? []), row.line])
  }
  for (const row of rows) {
    const same = row.record[field] === undefined ? undefined : lines.get(row.record[field])
    if (same && same.length > 1) row.reasons.push({ code: 'duplicate_in_file', column, value: `${row.record[shown]} @ ${same.slice(0, 5).join(', ')}` })
  }
}

/**
 * A fresh secret for each device about to be created: its hash goes into the record, the secret itself only into
 * the committed report, which is the one time anyone sees it (nothing keeps it to be fetched later).
 */
export function issueSecrets(rows: CandidateRow[]): IssuedSecret[] {
  return rows.map((row) => {
    const secret = newDeviceSecret()
    row.record.secret_sha256 = sha256(secret)
    return { code: row.record.code as string, identity: row.record.identity as string, secret }
  })
}
