import { describe, expect, it } from 'vitest'
import { formatViewHash, parseViewHash } from '../../web/map/view-hash.ts'

describe('map view in the URL hash', () => {
  it('round-trips and keeps other hash parts', () => {
    const hash = formatViewHash('#panel=site-7', { zoom: 12.345, lat: 31.300001, lon: 120.62, bearing: 0 })
    expect(hash).toBe('#map=12.35/31.3/120.62&panel=site-7')
    expect(parseViewHash(hash)).toEqual({ zoom: 12.35, lat: 31.3, lon: 120.62, bearing: 0 })
  })

  it('rejects nonsense', () => {
    for (const bad of ['', '#map=', '#map=a/b/c', '#map=12/95/120', '#map=30/31/120', '#other=1']) expect(parseViewHash(bad)).toBeNull()
  })
})
