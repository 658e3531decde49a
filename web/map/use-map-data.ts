import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { FeatureCollection } from 'geojson'
import { useMemo } from 'react'
import { type BasemapDatum, fromBasemapDatum, toBasemapDatum } from '../../server/domain/datum.ts'
import { SITE_TILES_ABOVE } from '../../server/domain/site-columns.ts'
import { type ApiClient, unwrap } from '../api.ts'
import type { LayerSettings } from './layer-settings.ts'
import { CAMERA_TILES } from './layers/camera-tiles-layer.ts'
import type { CameraFeature } from './layers/cameras-layer.ts'
import { type DeviceFeature, DEVICES_ZOOM } from './layers/devices-layer.ts'
import { FOOTPRINT_ZOOM, type MapData, type MapViewport } from './layers/index.ts'
import type { KeyProjectFeature } from './layers/key-projects-layer.ts'
import type { SiteFootprintFeature } from './layers/site-footprints-layer.ts'
import { SITE_TILES } from './layers/site-tiles-layer.ts'
import { outermostFirst, type TestingCampaignFeature } from './layers/testing-campaigns-layer.ts'
import type { SiteFilter } from './site-filter.ts'
import type { SitesWorker } from './use-sites-worker.ts'

// The server serves footprints for at most 0.1° × 0.1° and devices for 0.25° × 0.25°; ask for a little less, centred on the view.
const FOOTPRINT_SPAN = 0.09
const DEVICE_SPAN = 0.24
/** Device health is recomputed from each report; a minute is as live as dots on a map need to be (the site panel refreshes faster). */
const DEVICE_REFRESH_MS = 60_000

/** The view's box in WGS-84, cut to `maxSpan` degrees (what the endpoint serves) and rounded so that small pans reuse it. */
export function viewBbox({ bounds }: MapViewport, datum: BasemapDatum, maxSpan: number): string {
  const [west, south] = fromBasemapDatum([bounds[0], bounds[1]], datum)
  const [east, north] = fromBasemapDatum([bounds[2], bounds[3]], datum)
  const [cx, cy] = [(west + east) / 2, (south + north) / 2]
  const half = (span: number) => Math.min(span, maxSpan) / 2
  const r = (n: number) => Math.round(n * 500) / 500
  const [hx, hy] = [half(east - west), half(north - south)]
  return [r(cx - hx), r(cy - hy), r(cx + hx), r(cy + hy)].join(',')
}

/**
 * Above this many cameras in the zone the map draws them from vector tiles instead of one GeoJSON (about 14,000
 * sites' worth; measured in the README). `?tiles` in the address forces tiles, for trying it on a small city.
 */
export const CAMERA_TILES_ABOVE = 50_000

/** `?tiles` in the address draws the sites (and cameras) from tiles whatever the zone's size: for trying it on a small city. */
const tilesForced = () => new URLSearchParams(window.location.search).has('tiles')

/** Whether a zone of this many sites is drawn from tiles rather than as every site's columns. */
export const sitesFromTiles = (sites: number) => sites > SITE_TILES_ABOVE || tilesForced()

/** A layer's data is fetched the first time it is switched on, then kept. */
function useLayer<T>(name: string, enabled: boolean, fetch: () => Promise<T>) {
  return useQuery({ queryKey: ['layer', name], queryFn: fetch, enabled })
}

/** Everything the map draws, in the basemap's datum; failures are reported, not thrown. */
export function useMapData(api: ApiClient, worker: SitesWorker | null, settings: LayerSettings, filter: SiteFilter, viewport: MapViewport | null, datum: BasemapDatum) {
  const layers = api.api.layers
  const districts = useLayer('districts', true, () => unwrap(layers.districts.$get()))
  const grids = useLayer('grids', settings.grids.visible, () => unwrap(layers.grids.$get()))
  // The catalog says how large each layer is in this zone, and so whether it comes as one GeoJSON or as tiles.
  const catalog = useQuery({ queryKey: ['tiles-catalog'], queryFn: () => unwrap(api.api.tiles.$get()), staleTime: Infinity })
  const sizes = catalog.data?.tiles
  const siteTiles = sizes !== undefined && sitesFromTiles(sizes.sites.features)
  const sites = useQuery({
    queryKey: ['layer', 'site-columns', filter, datum],
    queryFn: () => worker!.load(layers['site-columns'].$url({ query: filter }), datum),
    enabled: worker !== null && sizes !== undefined && !siteTiles,
    placeholderData: keepPreviousData, // keep the last map on screen while a new filter loads
  })
  const wantFootprints = settings.sites.visible && !siteTiles && viewport !== null && viewport.zoom >= FOOTPRINT_ZOOM
  const bbox = wantFootprints ? viewBbox(viewport, datum, FOOTPRINT_SPAN) : ''
  const footprints = useQuery({
    queryKey: ['layer', 'site-footprints', filter, bbox],
    queryFn: () => unwrap(layers['site-footprints'].$get({ query: { ...filter, bbox } })),
    enabled: wantFootprints,
    placeholderData: keepPreviousData,
  })
  const cameraTiles = settings.cameras.visible && sizes !== undefined && (sizes.cameras.features > CAMERA_TILES_ABOVE || tilesForced())
  const cameras = useLayer('cameras', settings.cameras.visible && sizes !== undefined && !cameraTiles, () => unwrap(layers.cameras.$get({ query: {} })))
  const wantDevices = settings.devices.visible && viewport !== null && viewport.zoom >= DEVICES_ZOOM
  const deviceBbox = wantDevices ? viewBbox(viewport, datum, DEVICE_SPAN) : ''
  const devices = useQuery({
    queryKey: ['layer', 'devices', deviceBbox],
    queryFn: () => unwrap(api.api.devices.map.$get({ query: { bbox: deviceBbox } })),
    enabled: wantDevices,
    refetchInterval: DEVICE_REFRESH_MS,
    placeholderData: keepPreviousData,
  })
  const keyAreas = useLayer('key-areas', settings.keyProjects.visible, () => unwrap(layers['key-areas'].$get()))
  const keyProjects = useLayer('key-projects', settings.keyProjects.visible, () => unwrap(layers['key-projects'].$get()))
  const demoZone = useLayer('demo-zone', settings.demoZone.visible, () => unwrap(layers['demo-zone'].$get()))
  const testingCampaigns = useLayer('testing-campaigns', settings.testingCampaigns.visible, async () => {
    const fc = await unwrap(api.api.testing.layers['non-conforming-sites'].$get())
    return { ...fc, features: outermostFirst(fc.features as TestingCampaignFeature[]) }
  })

  const loaded = [footprints, cameras, devices, grids, keyAreas, keyProjects, demoZone, testingCampaigns].map((q) => q.data)
  // A new object only when one layer's data changes. On a GCJ-02 basemap every layer is re-shifted then; that
  // setup is rare and the shift is cheap next to the fetch that caused it.
  const data: MapData = useMemo(() => {
    const [footprintFc, cameraFc, deviceFc, gridFc, keyAreaFc, keyProjectFc, demoZoneFc, testingFc] =
      loaded.map((fc) => (fc === undefined ? undefined : toBasemapDatum(fc as FeatureCollection, datum)))
    return {
      // Already in the basemap's datum: the worker shifted them.
      sites: sites.data,
      footprints: footprintFc?.features as SiteFootprintFeature[] | undefined,
      cameras: cameraTiles ? undefined : cameraFc?.features as CameraFeature[] | undefined,
      cameraTiles: cameraTiles ? { url: CAMERA_TILES, datum } : undefined,
      devices: deviceFc?.features as DeviceFeature[] | undefined,
      siteTiles: siteTiles ? { url: SITE_TILES, datum } : undefined,
      grids: gridFc,
      keyAreas: keyAreaFc,
      keyProjects: keyProjectFc?.features as KeyProjectFeature[] | undefined,
      demoZone: demoZoneFc,
      testingCampaigns: testingFc?.features as TestingCampaignFeature[] | undefined,
    }
  }, [datum, cameraTiles, siteTiles, sites.data, ...loaded])
  const failed = [districts, grids, sites, footprints, catalog, cameras, devices, keyAreas, keyProjects, demoZone, testingCampaigns].find((q) => q.error)?.error ?? null
  const counts = siteTiles
    ? { sites: sizes.sites.features, keyProjects: sizes['key-projects'].features }
    : { sites: sites.data?.length, keyProjects: sites.data?.key.reduce((n, k) => n + k, 0) }
  return { data, districts: districts.data as FeatureCollection | undefined, counts, siteTiles, failed }
}
