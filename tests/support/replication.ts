import { execFileSync } from 'node:child_process'
import { appendFileSync, chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'

/*
 * A real PostgreSQL primary and a streaming replica of it on loopback, made for one test file and thrown away:
 * initdb, pg_basebackup -R, two postmasters. They run as the `postgres` user (PostgreSQL refuses root), from the
 * same PostgreSQL 15 binaries and PostGIS the machine's server uses.
 */

const BIN = '/usr/lib/postgresql/15/bin'
export const replicationAvailable = existsSync(`${BIN}/initdb`) && process.getuid?.() === 0

export interface ReplicatedPair { primaryUrl: string; replicaUrl: string; waitForReplay(): Promise<void>; pauseReplay(): Promise<void>; resumeReplay(): Promise<void>; stop(): void }

const asPostgres = (command: string, args: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${command}`, ...args], { stdio: 'pipe' })

export async function startReplicatedPair(primaryPort: number, replicaPort: number, database = 'sitegrid'): Promise<ReplicatedPair> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sitegrid-replication-'))
  chmodSync(dir, 0o777)
  const [primary, replica] = [path.join(dir, 'primary'), path.join(dir, 'replica')]
  const settings = (port: number) => `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = off\n`
  asPostgres('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  appendFileSync(path.join(primary, 'postgresql.conf'), settings(primaryPort))
  asPostgres('pg_ctl', ['-D', primary, '-l', path.join(dir, 'primary.log'), '-w', 'start'])
  try {
    asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream'])
    appendFileSync(path.join(replica, 'postgresql.conf'), settings(replicaPort))
    asPostgres('pg_ctl', ['-D', replica, '-l', path.join(dir, 'replica.log'), '-w', 'start'])
  } catch (error) {
    // The test gets no pair to stop: the primary would outlive the run and hold its port.
    try { asPostgres('pg_ctl', ['-D', primary, '-m', 'immediate', 'stop']) } catch { /* already down */ }
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  const url = (port: number, db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`
  const admin = postgres(url(primaryPort, 'postgres'), { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${database}`)
  await admin.end()
  const onPrimary = postgres(url(primaryPort, database), { max: 1, onnotice: () => {} })
  await onPrimary.unsafe('CREATE EXTENSION postgis')
  const onReplica = postgres(url(replicaPort, 'postgres'), { max: 1, onnotice: () => {} })
  return {
    primaryUrl: url(primaryPort, database),
    replicaUrl: url(replicaPort, database),
    async waitForReplay() {
      const [{ lsn }] = await onPrimary<{ lsn: string }[]>`SELECT pg_current_wal_lsn()::text AS lsn`
      for (let i = 0; i < 200; i++) {
        const [{ caught }] = await onReplica<{ caught: boolean }[]>`SELECT pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn AS caught`
        if (caught) return
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error('the replica did not catch up within 10 s')
    },
    async pauseReplay() { await onReplica`SELECT pg_wal_replay_pause()` },
    async resumeReplay() { await onReplica`SELECT pg_wal_replay_resume()` },
    stop() {
      void onPrimary.end()
      void onReplica.end()
      for (const data of [replica, primary]) {
        try { asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']) } catch { /* already down */ }
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
