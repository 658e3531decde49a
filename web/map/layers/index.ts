import type { FeatureCollection } from 'geojson'
import type { BasemapDatum } from '../../../server/domain/datum.ts'
import type { LayerSettings, SiteColouring } from '../layer-settings.ts'
import type { SiteColumns } from '../site-columns.ts'
import type { DrawnClusters } from '../use-sites-worker.ts'
import { cameraTilesLayer } from './camera-tiles-layer.ts'
import { type CameraFeature, camerasLayers, sectorsOutlined } from './cameras-layer.ts'
import { siteCoverageLayer } from './coverage-layer.ts'
import { demoZoneLayer } from './demo-zone-layer.ts'
import { type DeviceFeature, devicesLayer, DEVICES_ZOOM } from './devices-layer.ts'
import { gridsLayer } from './grids-layer.ts'
import { riskHeatmapLayer, type RiskWeights } from './heatmap-layer.ts'
import { type KeyProjectFeature, keyProjectsLayers } from './key-projects-layer.ts'
import { candidatesLayers, type PlanningLayerState } from './candidates-layer.ts'
import { selectedSiteLayer } from './selected-site-layer.ts'
import { siteClustersLayers } from './site-clusters-layer.ts'
import { type SiteFootprintFeature, siteFootprintsLayer } from './site-footprints-layer.ts'
import { siteTilesLayer } from './site-tiles-layer.ts'
import { type TestingCampaignFeature, testingCampaignsLayer } from './testing-campaigns-layer.ts'
import { sitesLayer } from './sites-layer.ts'

/** Footprints are fetched and drawn from this zoom on, where a site is more than a few pixels wide. */
export const FOOTPRINT_ZOOM = 15

export interface MapData {
  /** Every site of the zone that the filter keeps, as columns (site-columns.ts). */
  sites?: SiteColumns
  footprints?: SiteFootprintFeature[]
  cameras?: CameraFeature[]
  /** Set instead of `cameras` when the zone has too many cameras for one GeoJSON: draw them from vector tiles. */
  cameraTiles?: { url: string; datum: BasemapDatum }
  /** The field devices in (about) the view, from DEVICES_ZOOM on. */
  devices?: DeviceFeature[]
  /** Set instead of `sites` when the zone has too many sites for one GeoJSON; a new `version` reloads them. */
  siteTiles?: { url: string; datum: BasemapDatum; version?: number }
  grids?: FeatureCollection
  keyAreas?: FeatureCollection
  keyProjects?: KeyProjectFeature[]
  /** Sites with non-conforming material results, by campaign (违规海砂 / 瘦身钢筋 / 劣质混凝土), outermost dot first. */
  testingCampaigns?: TestingCampaignFeature[]
  demoZone?: FeatureCollection
}

export interface MapViewport { zoom: number; bounds: [number, number, number, number] }

export interface MapLayerState {
  settings: LayerSettings
  colouring: SiteColouring
  data: MapData
  viewport: MapViewport | null
  /** The clusters around the view and the sites drawn as dots (use-sites-worker.ts). */
  clustered: DrawnClusters | null
  selectedAt: [number, number] | null
  /** The planners' candidates and pick list, drawn above the sites. */
  planning?: PlanningLayerState
  /** From the site tiles in view (when the sites come as tiles), and where they report it: the heatmap's weights. */
  tileHeat?: RiskWeights | null
  onTileHeat?(heat: RiskWeights): void
}

/** The deck.gl layers, bottom to top, as a pure function of what is loaded, where the map is and what the panel says. */
export function layersFor({ settings, colouring, data, viewport, clustered, selectedAt, planning, tileHeat, onTileHeat = () => {} }: MapLayerState) {
  const on = (id: keyof LayerSettings) => settings[id].visible
  const opacity = (id: keyof LayerSettings) => settings[id].opacity
  const zoom = viewport?.zoom ?? 0
  // The sites drawn as dots: those around the view standing alone (none until the worker's first answer).
  const dots = data.sites && clustered?.singles
  const heat = data.sites ?? (data.siteTiles && tileHeat)
  const { siteTiles } = data
  return [
    on('grids') && data.grids && gridsLayer(data.grids, opacity('grids')),
    on('heatmap') && heat && riskHeatmapLayer(heat, opacity('heatmap')),
    on('demoZone') && data.demoZone && demoZoneLayer(data.demoZone, opacity('demoZone')),
    on('sites') && data.footprints && zoom >= FOOTPRINT_ZOOM && siteFootprintsLayer(data.footprints, colouring, opacity('sites')),
    ...(on('cameras') && data.cameras ? camerasLayers(data.cameras, opacity('cameras'), sectorsOutlined(zoom)) : []),
    on('cameras') && data.cameraTiles && cameraTilesLayer(data.cameraTiles.url, opacity('cameras'), data.cameraTiles.datum, sectorsOutlined(zoom)),
    on('cameras') && dots && siteCoverageLayer(dots, opacity('cameras')),
    ...(on('sites') && data.sites && clustered ? siteClustersLayers(clustered.clusters, colouring === 'risk', opacity('sites')) : []),
    on('sites') && dots && sitesLayer(dots, colouring, opacity('sites')),
    (on('sites') || on('heatmap')) && siteTiles && siteTilesLayer(siteTiles.url, colouring, opacity('sites'), siteTiles.datum,
      { showSites: on('sites'), onHeat: onTileHeat, version: siteTiles.version }),
    on('devices') && data.devices && zoom >= DEVICES_ZOOM && devicesLayer(data.devices, opacity('devices')),
    ...(on('keyProjects') && data.keyProjects ? keyProjectsLayers(data.keyAreas, data.keyProjects, opacity('keyProjects')) : []),
    on('testingCampaigns') && data.testingCampaigns && testingCampaignsLayer(data.testingCampaigns, opacity('testingCampaigns'), zoom),
    ...(planning ? candidatesLayers(planning) : []),
    selectedAt && selectedSiteLayer(selectedAt),
  ].filter(Boolean)
}
