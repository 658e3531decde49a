import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SiteColumnsBody } from '../../server/domain/site-columns.ts'
import { columnBuffers, columnsFromBody, rowOf, selectRows, siteAt } from '../../web/map/site-columns.ts'

/** A random body as the server sends it: ids ascending, any text (names come from users), nulls where allowed. */
const body = fc.uniqueArray(fc.integer({ min: 1, max: 1e7 }), { maxLength: 40 }).chain((ids) => {
  const n = ids.length
  const col = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: n, maxLength: n })
  return fc.record({
    count: fc.constant(n), id: fc.constant([...ids].sort((a, b) => a - b)),
    lon: col(fc.double({ min: 119.9, max: 121.4, noNaN: true })), lat: col(fc.double({ min: 30.75, max: 32.05, noNaN: true })),
    code: col(fc.string()), name: col(fc.string({ unit: 'grapheme' })),
    kind: col(fc.constantFrom('housing', 'municipal', 'rail_transit', 'small_temporary')),
    stage: col(fc.constantFrom('earthworks', 'main_structure', 'finishing', 'completed')),
    key: col(fc.constantFrom(0, 1)), floorArea: col(fc.integer({ min: 0, max: 500_000 })),
    riskScore: col(fc.option(fc.integer({ min: 0, max: 100 }))), riskGrade: col(fc.option(fc.constantFrom('red', 'orange', 'yellow', 'blue'))),
    coverageRatio: col(fc.option(fc.constantFrom(0, 0.25, 0.5, 1))), cameras: col(fc.nat(60)), onlineCameras: col(fc.nat(60)),
  }) satisfies fc.Arbitrary<SiteColumnsBody>
})

const asFeature = (b: SiteColumnsBody, i: number) => ({
  type: 'Feature', id: b.id[i], geometry: { type: 'Point', coordinates: [b.lon[i], b.lat[i]] },
  properties: { code: b.code[i], name: b.name[i], kind: b.kind[i], stage: b.stage[i], key: b.key[i] === 1, floorArea: b.floorArea[i],
    riskScore: b.riskScore[i], riskGrade: b.riskGrade[i], coverageRatio: b.coverageRatio[i], cameras: b.cameras[i], onlineCameras: b.onlineCameras[i] },
})

describe('sites as columns', () => {
  it('give back every site exactly as the server sent it', () => {
    fc.assert(fc.property(body, (b) => {
      const columns = columnsFromBody(b, 'wgs84')
      expect(columns.length).toBe(b.count)
      for (let i = 0; i < b.count; i++) expect(siteAt(columns, i)).toEqual(asFeature(b, i))
    }))
  })

  it('find a site\'s row by id, and none for an id not there', () => {
    fc.assert(fc.property(body, fc.integer({ min: 1, max: 1e7 }), (b, other) => {
      const columns = columnsFromBody(b, 'wgs84')
      b.id.forEach((id, i) => expect(rowOf(columns, id)).toBe(i))
      if (!b.id.includes(other)) expect(rowOf(columns, other)).toBe(-1)
    }))
  })

  it('select rows into columns of their own, texts included', () => {
    fc.assert(fc.property(body, fc.func(fc.boolean()), (b, keep) => {
      const columns = columnsFromBody(b, 'wgs84')
      const rows = b.id.flatMap((_, i) => (keep(i) ? [i] : []))
      const selected = selectRows(columns, rows)
      expect(Array.from({ length: selected.length }, (_, j) => siteAt(selected, j))).toEqual(rows.map((i) => asFeature(b, i)))
    }))
  })

  it('shift positions into GCJ-02 for such a basemap, by the offset of a few hundred metres', () => {
    const b: SiteColumnsBody = { count: 1, id: [1], lon: [120.62], lat: [31.3], code: ['S'], name: ['n'], kind: ['housing'], stage: ['finishing'],
      key: [0], floorArea: [1], riskScore: [null], riskGrade: [null], coverageRatio: [null], cameras: [0], onlineCameras: [0] }
    const [lon, lat] = columnsFromBody(b, 'gcj02').positions
    expect(Math.abs(lon - 120.62)).toBeGreaterThan(0.002)
    expect(Math.abs(lon - 120.62)).toBeLessThan(0.01)
    expect(Math.abs(lat - 31.3)).toBeLessThan(0.01)
  })

  it('hand over one buffer per column, none shared, so a worker can transfer them', () => {
    const buffers = columnBuffers(columnsFromBody({ count: 0, id: [], lon: [], lat: [], code: [], name: [], kind: [], stage: [], key: [],
      floorArea: [], riskScore: [], riskGrade: [], coverageRatio: [], cameras: [], onlineCameras: [] }, 'wgs84'))
    expect(new Set(buffers).size).toBe(buffers.length)
  })
})
