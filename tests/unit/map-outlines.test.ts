import { describe, expect, it } from 'vitest'
import { outlinedFootprints } from '../../web/map/map-outlines.ts'
import type { SiteFootprintFeature } from '../../web/map/layers/site-footprints-layer.ts'

const square = (x: number): SiteFootprintFeature['geometry'] => ({ type: 'Polygon', coordinates: [[[x, 31], [x + 0.001, 31], [x + 0.001, 31.001], [x, 31.001], [x, 31]]] })
const footprint = (id: number, properties: Partial<SiteFootprintFeature['properties']>): SiteFootprintFeature => ({
  type: 'Feature', id, geometry: square(120 + id / 100),
  properties: { code: `SZ-${id}`, name: '<b>工地</b>', kind: 'housing', stage: 'main', key: false, floorArea: 1000, riskScore: null, riskGrade: null, coverageRatio: null, cameras: 0, onlineCameras: 0, ...properties },
})

describe('footprint outlines drawn by MapLibre', () => {
  const footprints = [
    footprint(1, { riskGrade: 'red', kind: 'municipal', cameras: 2, coverageRatio: 1 }),
    footprint(2, { riskGrade: null, kind: 'rail_transit', cameras: 0 }),
  ]

  it('carry each site its dot colour under every colouring, and nothing else of the site', () => {
    expect(outlinedFootprints(footprints, 'risk').features.map((f) => f.properties)).toEqual([{ outline: 'rgb(230, 55, 55)' }, { outline: 'rgb(150, 150, 150)' }])
    expect(outlinedFootprints(footprints, 'kind').features.map((f) => f.properties)).toEqual([{ outline: 'rgb(63, 185, 80)' }, { outline: 'rgb(210, 153, 34)' }])
    // A site without cameras has no coverage: red, as its dot is.
    expect(outlinedFootprints(footprints, 'coverage').features.map((f) => f.properties)).toEqual([{ outline: 'rgb(63, 185, 80)' }, { outline: 'rgb(230, 55, 55)' }])
  })

  it('keep each footprint where it is, with its id', () => {
    const outlined = outlinedFootprints(footprints, 'risk').features
    expect(outlined.map((f) => [f.id, f.geometry])).toEqual(footprints.map((f) => [f.id, f.geometry]))
  })
})
