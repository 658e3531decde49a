import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { FeatureCollection } from 'geojson'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from './api.ts'
import { LayerPanel } from './map/LayerPanel.tsx'
import { DEFAULT_LAYERS, type LayerSettings, setOpacity, type SiteColouring, toggleLayer } from './map/layer-settings.ts'
import type { CameraFeature } from './map/layers/cameras-layer.ts'
import type { MapData } from './map/layers/index.ts'
import type { KeyProjectFeature } from './map/layers/key-projects-layer.ts'
import type { SiteFeature } from './map/layers/sites-layer.ts'
import { MapView } from './map/MapView.tsx'
import { filterFromSearch, type SiteFilter, searchWithFilter } from './map/site-filter.ts'
import { SiteFilters } from './map/SiteFilters.tsx'

/** A layer's data is fetched the first time it is switched on, then kept. */
function useLayer<T>(name: string, enabled: boolean, fetch: () => Promise<T>) {
  return useQuery({ queryKey: ['layer', name], queryFn: fetch, enabled })
}

export function App({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation()
  const [settings, setSettings] = useState<LayerSettings>(DEFAULT_LAYERS)
  const [colouring, setColouring] = useState<SiteColouring>('risk')
  const [filter, setFilter] = useState<SiteFilter>(() => filterFromSearch(window.location.search))
  useEffect(() => {
    // The filter lives in the URL so that a filtered view is a shareable link; the map view lives in its hash.
    window.history.replaceState(null, '', `${window.location.pathname}${searchWithFilter(window.location.search, filter)}${window.location.hash}`)
  }, [filter])
  const layers = api.api.layers
  const health = useQuery({ queryKey: ['health'], queryFn: () => unwrap(api.api.health.$get()) })
  const districts = useLayer('districts', true, () => unwrap(layers.districts.$get()))
  const grids = useLayer('grids', true, () => unwrap(layers.grids.$get()))
  const sites = useQuery({
    queryKey: ['layer', 'sites', filter],
    queryFn: () => unwrap(layers.sites.$get({ query: filter })),
    placeholderData: keepPreviousData, // keep the last map on screen while a new filter loads
  })
  const cameras = useLayer('cameras', settings.cameras.visible, () => unwrap(layers.cameras.$get({ query: {} })))
  const keyAreas = useLayer('key-areas', settings.keyProjects.visible, () => unwrap(layers['key-areas'].$get()))
  const keyProjects = useLayer('key-projects', settings.keyProjects.visible, () => unwrap(layers['key-projects'].$get()))
  const demoZone = useLayer('demo-zone', settings.demoZone.visible, () => unwrap(layers['demo-zone'].$get()))
  const failed = [health, districts, grids, sites, cameras, keyAreas, keyProjects, demoZone].find((q) => q.error)
  const siteFeatures = sites.data?.features as SiteFeature[] | undefined

  const data: MapData = useMemo(() => ({
    sites: siteFeatures,
    cameras: cameras.data?.features as CameraFeature[] | undefined,
    grids: grids.data as FeatureCollection | undefined,
    keyAreas: keyAreas.data as FeatureCollection | undefined,
    keyProjects: keyProjects.data?.features as KeyProjectFeature[] | undefined,
    demoZone: demoZone.data as FeatureCollection | undefined,
  }), [siteFeatures, cameras.data, grids.data, keyAreas.data, keyProjects.data, demoZone.data])
  const mapState = useMemo(() => ({ settings, colouring, data }), [settings, colouring, data])

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('title')}</h1>
        <div className="stats" data-testid="stats">
          <span>{t('districts')}<b>{districts.data?.features.length ?? '–'}</b></span>
          <span>{t('grids')}<b>{grids.data?.features.length ?? '–'}</b></span>
          <span>{t('sites')}<b data-testid="site-count">{siteFeatures?.length ?? '–'}</b></span>
          <span>{t('keyProjects')}<b>{siteFeatures?.filter((f) => f.properties.key).length ?? '–'}</b></span>
          <span>{t('engine')}<b>{health.data ? `${health.data.engine} · PostGIS ${health.data.postgis}` : '–'}</b></span>
        </div>
        <button type="button" onClick={() => i18n.changeLanguage(i18n.language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
      </header>
      <SiteFilters filter={filter} districts={districts.data as FeatureCollection | undefined} onChange={setFilter} />
      <main className="map-wrap">
        <MapView {...mapState} />
        {failed && <div className="banner" role="alert">{t('loadFailed', { message: (failed.error as Error).message })}</div>}
        <LayerPanel settings={settings} colouring={colouring} onColouring={setColouring}
          onToggle={(id) => setSettings((s) => toggleLayer(s, id))} onOpacity={(id, o) => setSettings((s) => setOpacity(s, id, o))} />
        <small className="basemap-note">{t('basemapNote')}</small>
      </main>
    </div>
  )
}
