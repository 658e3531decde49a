import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/config.ts'

describe('config', () => {
  it('defaults to the embedded engine on port 3000 with a 6,000-site city', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', SEED_SITES: 6000, GEODATA_DIR: '../shared/data/geo' })
    expect(config.DATABASE_URL).toBeUndefined()
  })

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000)
  })

  it('fails at boot with every problem named', () => {
    expect(() => parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(/PORT[\s\S]*DATABASE_URL/)
  })
})
