import { TileLayer } from '@deck.gl/geo-layers'
import type { _Tile2DHeader as Tile2DHeader } from '@deck.gl/geo-layers'
import type { Feature, Point } from 'geojson'
import type { BasemapDatum } from '../../../server/domain/datum.ts'
import type { RiskGrade } from '../../../server/domain/risk.ts'
import { CLUSTER_CELL, SITE_POINTS_FROM_ZOOM, TILE_EXTENT } from '../../../server/domain/tiles.ts'
import type { SiteColouring } from '../layer-settings.ts'
import type { SiteCluster } from '../site-clusters.ts'
import type { RiskWeights } from './heatmap-layer.ts'
import { siteClustersLayers } from './site-clusters-layer.ts'
import { columnsFromFeatures, type SiteColumns } from '../site-columns.ts'
import { type SiteFeature, sitesLayer } from './sites-layer.ts'
import { type TileIndex, tileFeatures } from './vector-tile.ts'

/*
 * The sites from vector tiles, for a zone too large for one GeoJSON (a province's million sites would be 50 MB).
 * Below SITE_POINTS_FROM_ZOOM the server sends cells of sites with their counts, drawn as the map's own clusters;
 * from there on, each site's dot with what it is coloured by.
 */

export const SITE_TILES = '/api/tiles/sites/{z}/{x}/{y}.mvt'

// A tile's cells are CLUSTER_CELL of its 4,096 units apart: 32 px on a 512-px tile, which deck.gl draws at 0.71–1.41×
// (it takes the tiles of the rounded zoom). Discs sized by count alone (up to 34 px) covered their neighbours wherever
// cells hold hundreds of sites, as a million-site city's centre does; at most half the closest spacing, they do not.
const CELL_DISC_MAX_RADIUS = Math.floor(((CLUSTER_CELL / TILE_EXTENT) * 512 * Math.SQRT1_2) / 2)

/** A tile's cells (below SITE_POINTS_FROM_ZOOM) or its sites, and what each weighs in the risk heatmap. */
export type SiteTile = { clusters: SiteCluster[]; sites: SiteColumns; heat: RiskWeights }

/** The heat of the tiles in view as one set: one heatmap over them all has no seams at the tiles' edges. */
export function viewHeat(tiles: (SiteTile | null)[]): RiskWeights {
  const parts = tiles.filter((t): t is SiteTile => t !== null).map((t) => t.heat)
  const length = parts.reduce((n, p) => n + p.length, 0)
  const [positions, riskScore] = [new Float64Array(length * 2), new Float32Array(length)]
  let at = 0
  for (const p of parts) {
    positions.set(p.positions.subarray(0, p.length * 2), at * 2)
    riskScore.set(p.riskScore.subarray(0, p.length), at)
    at += p.length
  }
  return { length, positions, riskScore }
}

async function siteTile(url: string, index: TileIndex, datum: BasemapDatum, signal?: AbortSignal): Promise<SiteTile> {
  const shifted = await tileFeatures(url, 'sites', index, datum, signal) as Feature<Point>[]
  if (index.z < SITE_POINTS_FROM_ZOOM) {
    return {
      sites: columnsFromFeatures([]),
      heat: {
        length: shifted.length,
        positions: Float64Array.from(shifted.flatMap((f) => f.geometry.coordinates.slice(0, 2))),
        riskScore: Float32Array.from(shifted, (f) => Number(f.properties?.riskSum ?? 0)),
      },
      clusters: shifted.map((f) => ({
        // Negative, so that a click is never taken for one of supercluster's cluster ids.
        clusterId: -1, position: f.geometry.coordinates as [number, number], count: Number(f.properties?.count),
        meanGrade: (f.properties?.riskGrade ?? null) as RiskGrade | null, redCount: Number(f.properties?.redCount ?? 0),
      })),
    }
  }
  // What a tile does not carry gets the value that draws a plain dot; the panel shows the rest on a click.
  const sites = columnsFromFeatures(shifted.map((f): SiteFeature => ({
      type: 'Feature', id: Number(f.id), geometry: f.geometry,
      properties: {
        code: String(f.properties?.code), name: '', kind: String(f.properties?.kind), stage: String(f.properties?.stage),
        key: Boolean(f.properties?.key), riskGrade: (f.properties?.riskGrade ?? null) as string | null,
        floorArea: 0, riskScore: (f.properties?.riskScore ?? null) as number | null, coverageRatio: null, cameras: 0, onlineCameras: 0,
      },
  })))
  return { clusters: [], sites, heat: sites }
}

export interface SiteTilesOptions {
  /** Off when only the heatmap is on: the tiles are still loaded for their heat, and nothing of them is drawn. */
  showSites: boolean
  /** Called with the heat of the tiles in view each time they have all loaded. */
  onHeat(heat: RiskWeights): void
  /** A new value reloads the tiles in view (the wall's live events); the old ones stay drawn until then. */
  version?: number
}

export function siteTilesLayer(url: string, colouring: SiteColouring, opacity: number, datum: BasemapDatum, { showSites, onHeat, version = 0 }: SiteTilesOptions) {
  return new TileLayer<SiteTile>({
    id: 'site-tiles',
    data: url,
    // Past zoom 16 the zoom-16 tiles are drawn larger: they already hold every site.
    maxZoom: 16,
    pickable: showSites,
    getTileData: ({ url: tileUrl, index, signal }) => siteTile(tileUrl ?? url, index, datum, signal),
    onViewportLoad: (tiles: Tile2DHeader<SiteTile>[]) => onHeat(viewHeat(tiles.map((t) => t.content))),
    updateTriggers: { getTileData: [datum, version], renderSubLayers: [colouring, showSites] },
    renderSubLayers: ({ id, data }) => (showSites ? [
      ...siteClustersLayers(data?.clusters ?? [], colouring === 'risk', opacity, `${id}-`, CELL_DISC_MAX_RADIUS),
      sitesLayer(data?.sites ?? columnsFromFeatures([]), colouring, opacity, `${id}-`),
    ] : []),
  })
}
