import { z } from 'zod'

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
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
  /**
   * Bearer token for the admin API (display tokens) until accounts and roles land; unset disables it.
   * Long and random: it is the only thing between the network and the admin routes.
   */
  ADMIN_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  WEB_DIST: z.string().min(1).default('dist/web'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
})

export type Config = z.infer<typeof ConfigSchema>

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
