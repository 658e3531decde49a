/*
 * Plays the seeded city's field devices against a running portal: see `npm run simulate -- --help`.
 * The work is in scripts/simulate/city.ts (importable by the bench and tests); this is the command line around it.
 */
import { parseArgs } from 'node:util'
import { demoDeviceSecret } from '../db/seed/devices.ts'
import { type CityRun, type SimDevice, simulateCity } from './simulate/city.ts'
import { districtSites, listDevices, type PortalDevice, signIn } from './simulate/portal.ts'
import { FAULTS, type Fault } from './simulate/stats.ts'

const HELP = `npm run simulate -- [options]

Plays the seeded city's devices against a portal started with \`npm start\` (in another terminal): every dust
monitor on its own HJ 212 TCP connection, crane monitors and cameras over MQTT. The device list comes from the
portal's API (GET /api/devices as an admin), the device secrets from the seed, as \`npm start\` seeded them.

  --devices N          play N devices, spread over the kinds and the city (default: all)
  --rate R             real-time uploads per second per dust monitor, e.g. 1/60 or 0.2 (default 1/60, at most 1)
  --host H             the portal's address (default 127.0.0.1)
  --port P             its HTTP port (default 3000)
  --hj212-port P       its HJ 212 port (default 9212)
  --mqtt URL           the broker the portal listens to (default mqtt://127.0.0.1:1883; "none": no crane or camera feeds)
  --mqtt-prefix P      topic prefix, as MQTT_TOPIC_PREFIX (default sitegrid)
  --seed N             the seed the city was seeded with, SEED (default 2021)
  --duration S         stop after S seconds (default: until Ctrl-C)
  --faults LIST        comma-separated, each applied to --fault-share of packets:
                       ${FAULTS.join(', ')}
  --fault-share X      share of packets per fault (default 0.02)
  --episode NAME       a dust episode in that district (e.g. 吴中区 or Wuzhong): its monitors report PM10 250–400,
                       which opens PM10 alarms on the wall
  --episode-minutes M  how long the episode lasts from the start (default 15)
  --ack-timeout S      seconds to wait for the 9014 answer before resending, 3 times (default 5)
  --user U             an admin account (default admin, or SITEGRID_USER)
  --password P         its password (or SITEGRID_PASSWORD). \`npm start\` prints the demo accounts' passwords on its
                       first start; \`DEMO_PASSWORD=… npm start\` on an empty database sets them all to one you choose.

Every 5 s a status line: uploads sent, answered (acked), resent, unanswered (the portal refuses silently, so a
refused upload and a lost one look the same to a device), given up, and the answer latency p50/p99 over those 5 s.`

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string' }, rate: { type: 'string', default: '1/60' }, host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '3000' }, 'hj212-port': { type: 'string', default: '9212' }, mqtt: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    'mqtt-prefix': { type: 'string', default: 'sitegrid' }, seed: { type: 'string', default: '2021' }, duration: { type: 'string' },
    faults: { type: 'string', default: '' }, 'fault-share': { type: 'string', default: '0.02' }, episode: { type: 'string' },
    'episode-minutes': { type: 'string', default: '15' }, 'ack-timeout': { type: 'string', default: '5' },
    user: { type: 'string', default: process.env.SITEGRID_USER ?? 'admin' }, password: { type: 'string', default: process.env.SITEGRID_PASSWORD },
    help: { type: 'boolean', short: 'h' },
  },
})
if (args.help) { console.log(HELP); process.exit(0) }

const fail = (message: string): never => { console.error(`simulate: ${message}`); process.exit(2) }
const number = (name: string, text: string, min: number) => {
  const [a, b] = text.split('/')
  const n = b === undefined ? Number(a) : Number(a) / Number(b)
  return Number.isFinite(n) && n >= min ? n : fail(`--${name} must be a number ≥ ${min}, not ${text}`)
}
const rate = number('rate', args.rate, Number.MIN_VALUE)
// DataTime has one-second resolution: a second upload in the same second would be the same reading.
if (rate > 1) fail('--rate is at most 1 upload per second per device (HJ 212 DataTime counts whole seconds)')
const faults = args.faults.split(',').filter(Boolean).map((f) => (FAULTS.includes(f as Fault) ? f as Fault : fail(`unknown fault ${f}; known: ${FAULTS.join(', ')}`)))
const seed = number('seed', args.seed, -(2 ** 31))
if (!args.password) fail('no password: give --password or SITEGRID_PASSWORD (npm start prints the demo passwords on its first start, or set them with DEMO_PASSWORD=… npm start)')

function byKind<T extends { kind: string }>(devices: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const d of devices) {
    const group = groups.get(d.kind)
    if (group) group.push(d)
    else groups.set(d.kind, [d])
  }
  return groups
}

/** `n` devices spread evenly over each kind's list, in proportion to the kinds. */
function pick(devices: PortalDevice[], n: number | undefined): PortalDevice[] {
  if (n === undefined || n >= devices.length) return devices
  return [...byKind(devices).values()].flatMap((list) => {
    const take = Math.max(1, Math.round((n * list.length) / devices.length))
    return Array.from({ length: Math.min(take, list.length) }, (_, i) => list[Math.floor((i * list.length) / take)])
  }).slice(0, n)
}

const base = `http://${args.host}:${args.port}`
const session = await signIn(base, args.user, args.password!).catch((e: Error) => fail(e.message))
const registered = (await listDevices(session)).filter((d) => d.status !== 'decommissioned')
const chosen = pick(registered, args.devices === undefined ? undefined : number('devices', args.devices, 1))
const devices: SimDevice[] = chosen.map((d) => ({ identity: d.identity, kind: d.kind, secret: demoDeviceSecret(seed, d.identity), intervalS: d.intervalS, siteId: d.siteId }))
const episode = args.episode ? await districtSites(session, args.episode).catch((e: Error) => fail(e.message)) : null
const episodeMinutes = number('episode-minutes', args['episode-minutes'], 0)
const kinds = byKind(devices)
const count = (kind: string) => kinds.get(kind)?.length ?? 0
const mqttUrl = args.mqtt === 'none' ? null : args.mqtt
console.log(`${devices.length} of ${registered.length} devices: ${count('dust_monitor')} dust monitors → tcp://${args.host}:${args['hj212-port']} at ${rate.toPrecision(3)}/s each, `
  + `${count('crane_monitor')} crane monitors and ${count('camera')} cameras → ${mqttUrl ?? '(MQTT off)'}`)
if (faults.length) console.log(`faults: ${faults.join(', ')}, each on ${(Number(args['fault-share']) * 100).toFixed(1)} % of packets`)
if (episode) {
  const monitors = devices.filter((d) => d.kind === 'dust_monitor' && episode.siteIds.includes(d.siteId)).length
  console.log(`dust episode in ${episode.district}: ${monitors} monitors report PM10 250–400 for ${episodeMinutes} min`)
}

const run: CityRun = simulateCity({
  devices, hj212: { host: args.host, port: number('hj212-port', args['hj212-port'], 1) }, mqttUrl, mqttPrefix: args['mqtt-prefix'], rate, faults,
  faultShare: number('fault-share', args['fault-share'], 0), seed, episode: episode ? { siteIds: episode.siteIds, minutes: episodeMinutes } : undefined,
  ackTimeoutMs: number('ack-timeout', args['ack-timeout'], 0.1) * 1_000, log: (m) => console.log(m),
})

const started = Date.now()
let window = run.latency.buckets()
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : n.toFixed(0)) : '–')
const status = () => {
  const c = run.counters()
  const conn = run.connected()
  const recent = run.latency.since(window)
  window = run.latency.buckets()
  const applied = Object.entries(c.faults).filter(([, n]) => n > 0).map(([f, n]) => `${f} ${n}`).join(', ')
  const seconds = Math.round((Date.now() - started) / 1_000)
  console.log(`[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] hj212 ${conn.dust}/${conn.dustTotal} connected · `
    + `sent ${c.sent} · acked ${c.acked} · resent ${c.resent} · unanswered ${c.unanswered} · gave up ${c.gaveUp} · ack p50 ${ms(recent.quantile(0.5))} ms p99 ${ms(recent.quantile(0.99))} ms`
    + (mqttUrl ? ` · mqtt ${conn.mqttClients}/${conn.mqttTotal} up, ${c.mqttPublished} published, ${c.mqttAcked} acked, ${c.mqttFailed} failed` : '')
    + (applied ? ` · faults ${applied}` : ''))
}
const ticker = setInterval(status, 5_000)

let stopping = false
async function stop(why: string) {
  if (stopping) process.exit(130) // a second Ctrl-C: do not wait for answers
  stopping = true
  clearInterval(ticker)
  console.log(`${why}: waiting up to ${args['ack-timeout']} s for answers still owed …`)
  const c = await run.stop()
  status()
  console.log(`done: ${c.acked} of ${c.sent} uploads answered (p50 ${ms(run.latency.quantile(0.5))} ms, p99 ${ms(run.latency.quantile(0.99))} ms over the run), `
    + `${c.connects} connects, ${c.disconnects} disconnects, ${c.connectErrors} failed connects, ${c.extraAcks} extra answers, ${c.skipped} skipped`)
  process.exit(0)
}
process.on('SIGINT', () => void stop('interrupted'))
process.on('SIGTERM', () => void stop('terminated'))
if (args.duration !== undefined) setTimeout(() => void stop(`${args.duration} s up`), number('duration', args.duration, 0) * 1_000)
