import type { FeatureCollection } from 'geojson'
import type { LayerSettings, SiteColouring } from '../layer-settings.ts'
import { type CameraFeature, camerasLayers } from './cameras-layer.ts'
import { demoZoneLayer } from './demo-zone-layer.ts'
import { gridsLayer } from './grids-layer.ts'
import { riskHeatmapLayer } from './heatmap-layer.ts'
import { type KeyProjectFeature, keyProjectsLayers } from './key-projects-layer.ts'
import { type SiteFeature, sitesLayer } from './sites-layer.ts'

export interface MapData {
  sites?: SiteFeature[]
  cameras?: CameraFeature[]
  grids?: FeatureCollection
  keyAreas?: FeatureCollection
  keyProjects?: KeyProjectFeature[]
  demoZone?: FeatureCollection
}

export interface MapLayerState { settings: LayerSettings; colouring: SiteColouring; data: MapData }

/** The deck.gl layers, bottom to top, as a pure function of what is loaded and what the panel says. */
export function layersFor({ settings, colouring, data }: MapLayerState) {
  const on = (id: keyof LayerSettings) => settings[id].visible
  return [
    on('grids') && data.grids && gridsLayer(data.grids, settings.grids.opacity),
    on('heatmap') && data.sites && riskHeatmapLayer(data.sites, settings.heatmap.opacity),
    on('demoZone') && data.demoZone && demoZoneLayer(data.demoZone, settings.demoZone.opacity),
    ...(on('cameras') && data.cameras ? camerasLayers(data.cameras, settings.cameras.opacity) : []),
    on('sites') && data.sites && sitesLayer(data.sites, colouring, settings.sites.opacity),
    ...(on('keyProjects') && data.keyProjects ? keyProjectsLayers(data.keyAreas, data.keyProjects, settings.keyProjects.opacity) : []),
  ].filter(Boolean)
}
