import proxyaddr from 'proxy-addr'
import { z } from 'zod'
import { MIN_PASSWORD_LENGTH } from './domain/password-policy.ts'

/** Comma-separated addresses or CIDRs (IPv4, IPv6; also loopback, linklocal, uniquelocal), each checked by proxy-addr. */
const AddressList = z.string().transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean)).pipe(z.array(z.string()).superRefine((entries, ctx) => {
  for (const entry of entries) {
    try { proxyaddr.compile(entry) } catch { ctx.addIssue({ code: 'custom', message: `not an address or CIDR: ${entry}` }) }
  }
}))

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The reverse proxies in front, comma-separated addresses or CIDRs (IPv4 or IPv6; also loopback, linklocal,
   * uniquelocal): only from them are X-Forwarded-For, X-Forwarded-Proto and X-Request-Id believed.
   */
  TRUST_PROXY: AddressList.optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** Streaming replicas of DATABASE_URL, comma-separated: plain reads of GET requests go to them in turn. */
  DATABASE_REPLICA_URLS: z.string().transform((v) => v.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//, 'each must be a postgres:// URL'))).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  GEODATA_DIR: z.string().min(1).default('../shared/data/geo'),
  SEED_SITES: z.coerce.number().int().min(1).max(2_000_000).default(6_000),
  SEED: z.coerce.number().int().default(2021),
  /** Anchor of the seeded history; defaults to the moment of seeding. */
  SEED_NOW: z.iso.datetime({ offset: true }).optional(),
  /** Any online MapLibre style to draw instead of our offline basemap. */
  BASEMAP_STYLE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The datum of that basemap: GCJ-02 tiles (AMap, Tencent) need our WGS-84 layers shifted to sit on them. */
  BASEMAP_CRS: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  /** Sessions end this long after login, or after this long without a request, whichever comes first. */
  SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  /**
   * The demo accounts' password on first start (development and tests only). Unset, each demo account gets a
   * random password printed once to the console.
   */
  DEMO_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  /**
   * In production, the admin's password on first start; no other account gets one until an admin sets it. The
   * whole password policy is checked at that first start (features/auth/accounts.bootstrap.ts), with the username.
   */
  ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  /** Passwords older than this many days must be changed before anything else is done; unset, they never expire. */
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  WEB_DIST: z.string().min(1).default('dist/web'),
  /** Dust monitors' HJ 212 TCP port (0: any free port, for tests), and its limits. */
  HJ212_PORT: z.coerce.number().int().min(0).max(65_535).default(9212),
  /** Defaults to HOST; devices in the field need an address they can reach (0.0.0.0 behind the firewall). */
  HJ212_HOST: z.string().min(1).optional(),
  HJ212_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(200_000).default(25_000),
  HJ212_IDLE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** The MQTT broker that vendor platforms publish crane and camera data to; no MQTT ingest when unset. */
  MQTT_URL: z.string().regex(/^mqtts?:\/\//, 'must be an mqtt:// or mqtts:// URL').optional(),
  /** The portal's client id: the broker keeps its persistent session, and so unacknowledged messages, under it. */
  MQTT_CLIENT_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).default('sitegrid-portal'),
  MQTT_TOPIC_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/).default('sitegrid'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /**
   * Days the audit and sign-in logs are kept (网络安全法 Art. 21: at least six months). A month goes only once all
   * of it is older than this and an auditor has exported it.
   */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, 'at least 180 (网络安全法 Art. 21)').max(36_500).default(180),
  /**
   * Months of daily history kept (site days; each month goes whole). At least 25: an annual report compares with
   * the year before.
   */
  HISTORY_RETENTION_MONTHS: z.coerce.number().int().min(25, 'at least 25 (an annual report and the year before)').max(1_200).default(60),
  /** Days of history a portal with none captures from the records at its first start (the seeded city's past). */
  HISTORY_BACKFILL_DAYS: z.coerce.number().int().min(0).max(400).default(30),
  /**
   * Addresses or CIDRs (comma-separated) that may read GET /api/metrics without a session: the Prometheus scrapers.
   * Empty: only a signed-in admin may. Matched like TRUST_PROXY, with proxy-addr.
   */
  METRICS_ALLOW: AddressList.default([]),
  /**
   * Two factors for admins: `required` gives an admin without TOTP a session that can only enrol; `prompt` lets them
   * work and asks them to enrol. Unset: required in production, prompt elsewhere (see adminTotpPolicy).
   */
  ADMIN_TOTP: z.enum(['required', 'prompt']).optional(),
  /** base64 of 32 random bytes: TOTP secrets are kept AES-256-GCM encrypted under it; unset, they are kept as they are. */
  TOTP_ENCRYPTION_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes (openssl rand -base64 32)').optional(),
}).refine((c) => c.DATABASE_REPLICA_URLS === undefined || c.DATABASE_URL !== undefined, {
  path: ['DATABASE_REPLICA_URLS'], message: 'replicas need DATABASE_URL: the embedded engine has none',
}).refine((c) => c.NODE_ENV !== 'production' || c.DEMO_PASSWORD === undefined, {
  path: ['DEMO_PASSWORD'], message: 'not allowed in production: demo accounts get no password there',
}).refine((c) => c.NODE_ENV !== 'production' || c.ADMIN_TOTP !== 'prompt', {
  path: ['ADMIN_TOTP'], message: 'not allowed in production: administrators must sign in with two factors there',
})

export type Config = z.infer<typeof ConfigSchema>

/** Whether admins must enrol in TOTP before they can work, or are only asked to. */
export const adminTotpPolicy = (c: Pick<Config, 'ADMIN_TOTP' | 'NODE_ENV'>): 'required' | 'prompt' => c.ADMIN_TOTP ?? (c.NODE_ENV === 'production' ? 'required' : 'prompt')

/** Empty strings count as unset, so `DATABASE_URL= npm start` means the embedded engine. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const result = ConfigSchema.safeParse(present)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`invalid configuration:\n${problems}`)
  }
  return result.data
}
