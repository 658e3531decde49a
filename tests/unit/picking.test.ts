import type { TFunction } from 'i18next'
import { describe, expect, it } from 'vitest'
import { pickAction, tooltipText } from '../../web/map/picking.ts'
import { columnsFromFeatures } from '../../web/map/site-columns.ts'

const t = ((key: string) => key) as unknown as TFunction

describe('picking on the map', () => {
  it('opens a site whether its dot came from the GeoJSON layer or from a tile', () => {
    const site = { id: 7, properties: { code: 'SZ-7', kind: 'housing', riskGrade: 'red', name: '' } }
    expect(pickAction({ layer: { id: 'sites' }, object: site })).toEqual({ select: { kind: 'site', id: 7 } })
    const fromTile = (id: string) => ({ layer: { id: id.split('-').slice(0, 2).join('-') }, sourceLayer: { id } })
    expect(pickAction({ ...fromTile('site-tiles-1710-836-14-sites'), object: site })).toEqual({ select: { kind: 'site', id: 7 } })
    expect(pickAction({ ...fromTile('camera-tiles-6841-3345-13-cameras'), object: { properties: { siteId: 9 } } }))
      .toEqual({ select: { kind: 'site', id: 9 } })
    expect(pickAction({ ...fromTile('site-tiles-1710-836-11-site-clusters'), object: { clusterId: -1, count: 3 } }))
      .toEqual({ expandCluster: { clusterId: -1, count: 3 } })
    expect(pickAction({ layer: { id: 'site-tiles' }, object: site })).toBeNull()
    // A GeoJSON layer is a composite too: its own sub-layer drew the pick, the layer is what we named.
    expect(pickAction({ layer: { id: 'grids' }, sourceLayer: { id: 'grids-polygons-fill' }, object: site })).toEqual({ select: { kind: 'grid', id: 7 } })
    expect(pickAction({ layer: { id: 'demo-zone' }, sourceLayer: { id: 'demo-zone-polygons-fill' }, object: site })).toEqual({ select: { kind: 'demoZone', id: 7 } })
    expect(pickAction({ layer: { id: 'basemap-roads' }, object: site })).toBeNull()
  })

  it('labels a tile’s dot by its code, since tiles carry no names', () => {
    expect(tooltipText({ layer: { id: 'site-tiles' }, sourceLayer: { id: 'site-tiles-1-2-14-sites' }, object: { properties: { code: 'SZ-7', kind: 'housing', riskGrade: 'red', name: '' } } }, t))
      .toBe('SZ-7 · kind.housing · grade.red')
    expect(tooltipText({ layer: { id: 'sites' }, object: { properties: { code: 'SZ-7', kind: 'housing', riskGrade: null, name: '工地' } } }, t))
      .toBe('工地\nSZ-7 · kind.housing · –')
  })

  it('names a dot drawn from columns by its row, since such a layer has no objects', () => {
    const columns = columnsFromFeatures([4, 7].map((id) => ({
      type: 'Feature' as const, id, geometry: { type: 'Point' as const, coordinates: [120.5, 31.3] },
      properties: { code: `SZ-${id}`, name: `工地<${id}>`, kind: 'municipal', stage: 'finishing', key: false, floorArea: 900, riskScore: 30,
        riskGrade: 'orange', coverageRatio: 0.5, cameras: 2, onlineCameras: 1 },
    })))
    const layer = { id: 'sites', props: { data: { length: 2, columns } } }
    expect(pickAction({ layer, index: 1 })).toEqual({ select: { kind: 'site', id: 7 } })
    expect(tooltipText({ layer, index: 0 }, t)).toBe('工地<4>\nSZ-4 · kind.municipal · grade.orange')
    expect(tooltipText({ layer: { id: 'site-coverage', props: layer.props }, index: 0 }, t)).toBeNull()
    expect(pickAction({ layer, index: -1 })).toBeNull()
  })
})
