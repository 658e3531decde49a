/** The map's layers as the layer panel shows them: each can be toggled and faded, and has a legend. */
export const LAYER_IDS = ['sites', 'heatmap', 'cameras', 'devices', 'grids', 'keyProjects', 'testingCampaigns', 'demoZone', 'districts'] as const
export type LayerId = (typeof LAYER_IDS)[number]

export interface LayerSetting { visible: boolean; opacity: number }
export type LayerSettings = Record<LayerId, LayerSetting>
export type SiteColouring = 'risk' | 'kind' | 'coverage'

export const DEFAULT_LAYERS: LayerSettings = {
  sites: { visible: true, opacity: 0.9 },
  heatmap: { visible: false, opacity: 0.6 },
  cameras: { visible: false, opacity: 0.8 },
  devices: { visible: false, opacity: 1 },
  grids: { visible: false, opacity: 0.6 },
  keyProjects: { visible: false, opacity: 1 },
  testingCampaigns: { visible: false, opacity: 1 },
  demoZone: { visible: true, opacity: 0.8 },
  districts: { visible: true, opacity: 1 },
}

export function toggleLayer(settings: LayerSettings, id: LayerId): LayerSettings {
  return { ...settings, [id]: { ...settings[id], visible: !settings[id].visible } }
}

export function setOpacity(settings: LayerSettings, id: LayerId, opacity: number): LayerSettings {
  return { ...settings, [id]: { ...settings[id], opacity: Math.min(1, Math.max(0, opacity)) } }
}
