/*
 * The whole-zone sites layer in columns: what the main map and the wall download instead of a GeoJSON of every
 * site. One array per property, all of one length and in one order (by site id), so that 100,000 sites are nine
 * number arrays and five string arrays rather than 100,000 feature objects: a third of the GeoJSON's bytes (half,
 * gzipped; measured on a seeded 100,000-site city), parsed off the main thread (web/map/sites-worker.ts) into typed
 * arrays that deck.gl draws as they are. The values are the points layer's properties, exactly (layers.repo.ts).
 */

/**
 * Above this many sites in a zone the map draws the sites from tiles: clusters, then dots from zoom 14. Below it they
 * come as columns (about 150 bytes a site before gzip, 35 a site gzipped), parsed in the sites worker.
 */
export const SITE_TILES_ABOVE = 200_000

/** The body of `/api/layers/site-columns` and `/api/wall/layers/site-columns`; WGS-84, coordinates to 6 decimals. */
export interface SiteColumnsBody {
  count: number
  id: number[]
  lon: number[]
  lat: number[]
  code: string[]
  name: string[]
  kind: string[]
  stage: string[]
  /** 1 for a key dust-control project (重点扬尘管控项目), else 0. */
  key: number[]
  floorArea: number[]
  riskScore: (number | null)[]
  riskGrade: (string | null)[]
  coverageRatio: (number | null)[]
  cameras: number[]
  onlineCameras: number[]
}

export const SITE_COLUMN_NAMES = ['id', 'lon', 'lat', 'code', 'name', 'kind', 'stage', 'key', 'floorArea', 'riskScore',
  'riskGrade', 'coverageRatio', 'cameras', 'onlineCameras'] as const satisfies readonly (keyof SiteColumnsBody)[]
