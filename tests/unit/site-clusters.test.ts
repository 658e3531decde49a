import { describe, expect, it } from 'vitest'
import type { SiteFeature } from '../../web/map/layers/sites-layer.ts'
import { CLUSTER_BELOW_ZOOM, clusterSites, expansionZoom, indexSites } from '../../web/map/site-clusters.ts'
import { columnsFromFeatures, siteAt } from '../../web/map/site-columns.ts'
import { searchWithSelection, selectionFromSearch } from '../../web/map/selection.ts'
import { gradeOf } from '../../server/domain/risk.ts'

const site = (id: number, lon: number, lat: number, riskScore: number): SiteFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, lat] },
  properties: { code: `S${id}`, name: `项目${id}`, kind: 'housing', stage: 'main_structure', key: false, floorArea: 1000,
    riskScore, riskGrade: gradeOf(riskScore), coverageRatio: null, cameras: 1, onlineCameras: 1 },
})

// Two tight groups 30 km apart: one all low risk, one of general risk with a single 重大 site among them.
const quiet = Array.from({ length: 20 }, (_, i) => site(i + 1, 120.40 + i * 0.0005, 31.30, 5))
const hot = Array.from({ length: 20 }, (_, i) => site(i + 101, 120.72 + i * 0.0005, 31.30, i === 7 ? 60 : 18))
const lone = site(999, 121.2, 31.9, 30)
const WHOLE_CITY: [number, number, number, number] = [119.9, 30.75, 121.4, 32.05]

describe('site clusters', () => {
  const columns = columnsFromFeatures([...quiet, ...hot, lone])
  const index = indexSites(columns)
  const idsOf = (rows: number[]) => rows.map((row) => columns.ids[row])

  it('merges close sites at city zoom, counts every site once, colours by mean risk and counts 重大 sites apart', () => {
    const { clusters, singles } = clusterSites(index, WHOLE_CITY, 9)
    expect(clusters.reduce((n, c) => n + c.count, 0) + singles.length).toBe(41)
    // mean of the hot group: (19 × 18 + 60) / 20 = 20.1, 一般 (yellow)
    expect(clusters.map((c) => [c.count, c.meanGrade, c.redCount]).sort()).toEqual([[20, 'blue', 0], [20, 'yellow', 1]])
    expect(idsOf(singles)).toEqual([999])
    expect(siteAt(columns, singles[0]).properties.riskGrade).toBe('orange')
  })

  it('shows every site on its own from the street-level zoom on', () => {
    const { clusters, singles } = clusterSites(index, WHOLE_CITY, CLUSTER_BELOW_ZOOM)
    expect(clusters).toEqual([])
    expect(idsOf(singles)).toEqual([...quiet, ...hot, lone].map((s) => s.id))
  })

  it('opens a cluster no further than the zoom where clustering stops', () => {
    const [cluster] = clusterSites(index, WHOLE_CITY, 6).clusters
    const zoom = expansionZoom(index, cluster.clusterId)
    expect(zoom).toBeGreaterThan(6)
    expect(zoom).toBeLessThanOrEqual(CLUSTER_BELOW_ZOOM)
  })
})

describe('selection in the URL', () => {
  it('round-trips and keeps other parameters', () => {
    const search = searchWithSelection('?kind=housing', { kind: 'grid', id: 12 })
    expect(search).toBe('?kind=housing&sel=grid%3A12')
    expect(selectionFromSearch(search)).toEqual({ kind: 'grid', id: 12 })
    expect(searchWithSelection(search, null)).toBe('?kind=housing')
  })

  it('ignores anything that is not a known kind and a positive id', () => {
    for (const bad of ['?sel=site:0', '?sel=user:3', '?sel=site:1;drop', '?sel=site:-2', '?sel=']) expect(selectionFromSearch(bad)).toBeNull()
  })
})
