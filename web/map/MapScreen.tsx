import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { canSupervise, type Role } from '../../server/domain/roles.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { MyZonePanel } from '../zone/MyZonePanel.tsx'
import type { Theme } from '../ui/theme.ts'
import { LayerPanel } from './LayerPanel.tsx'
import { DEFAULT_LAYERS, type LayerSettings, type SiteColouring, setOpacity, toggleLayer } from './layer-settings.ts'
import type { MapViewport } from './layers/index.ts'
import { type FlyTarget, MapView } from './MapView.tsx'
import { pickAction, type Picked, tooltipText } from './picking.ts'
import type { SiteCluster } from './site-clusters.ts'
import { rowOf } from './site-columns.ts'
import { filterFromSearch, type SiteFilter, searchWithFilter } from './site-filter.ts'
import { SiteFilters } from './SiteFilters.tsx'
import { type SearchHit, SiteSearch } from './SiteSearch.tsx'
import { SelectionPanel } from './SelectionPanel.tsx'
import { type Selection, searchWithSelection, selectionFromSearch } from './selection.ts'
import { useMapData } from './use-map-data.ts'
import { useSiteClusters, useSitesWorker } from './use-sites-worker.ts'
import { frameSummary } from './playback/day-frame.ts'
import { TimeSlider } from './playback/TimeSlider.tsx'
import { dataOnDay, useMapPlayback } from './playback/use-map-playback.ts'

/** The zone panel covers the right of the map (the lower part on a phone, see global.css): frame the zone beside it. */
const clearOfZonePanel = () => (window.innerWidth <= 720
  ? { top: 30, right: 30, left: 30, bottom: Math.round(window.innerHeight * 0.5) }
  : { top: 40, right: 480, bottom: 40, left: 290 })

/** How close a search result or a list entry is shown: a few blocks around the site, footprints visible. */
const SITE_ZOOM = 16

interface Props {
  api: ApiClient; theme: Theme; header: React.ReactNode; user: SessionUser
  /** `zone`: the supervisor's own zone, framed, with today's tasks beside it. The server scopes the data either way. */
  mode: 'city' | 'zone'
}

/** The main screen: filters, map, layer panel, and the side panel for what was clicked or found. */
export function MapScreen({ api, theme, header, user, mode }: Props) {
  const { t } = useTranslation()
  const [settings, setSettings] = useState<LayerSettings>(DEFAULT_LAYERS)
  const [colouring, setColouring] = useState<SiteColouring>('risk')
  const [filter, setFilter] = useState<SiteFilter>(() => filterFromSearch(window.location.search))
  const [selection, setSelection] = useState<Selection | null>(() => selectionFromSearch(window.location.search))
  const [viewport, setViewport] = useState<MapViewport | null>(null)
  const [flyTo, setFlyTo] = useState<FlyTarget | null>(null)
  useEffect(() => {
    // Filter and selection live in the URL so that what one sees is a shareable link; the map view lives in its hash.
    const search = searchWithSelection(searchWithFilter(window.location.search, filter), selection)
    window.history.replaceState(null, '', `${window.location.pathname}${search}${window.location.hash}`)
  }, [filter, selection])

  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  const datum = basemap.data?.crs ?? 'wgs84'
  // The plain liveness answer (engine and PostGIS); deep=1 answers the checks instead.
  const health = useQuery({ queryKey: ['health'], queryFn: async () => {
    const answer = await unwrap(api.api.health.$get({ query: {} }))
    return 'engine' in answer ? answer : null
  } })
  const worker = useSitesWorker()
  const { data: liveData, districts, counts, siteTiles, failed } = useMapData(api, worker, settings, filter, viewport, datum)
  // A past day from the slider replaces today's values on the same sites; tiles (a very large zone) stay live.
  const playback = useMapPlayback(api)
  const data = useMemo(() => dataOnDay(liveData, siteTiles ? null : playback.day), [liveData, siteTiles, playback.day])
  const zone = useQuery({ queryKey: ['my-zone'], enabled: mode === 'zone', queryFn: () => unwrap(api.api['my-zone'].$get()) })
  const zoneBounds = mode === 'zone' && basemap.data ? zone.data?.bounds : undefined
  useEffect(() => {
    if (!zoneBounds) return
    const [west, south] = toBasemapDatum([zoneBounds[0], zoneBounds[1]], datum)
    const [east, north] = toBasemapDatum([zoneBounds[2], zoneBounds[3]], datum)
    setFlyTo({ bounds: [west, south, east, north], padding: clearOfZonePanel(), nonce: Date.now() })
  }, [zoneBounds, datum])
  const clustered = useSiteClusters(worker, data.sites, viewport)
  /** Where a site is drawn, in the basemap's datum, if it is among the drawn (filtered) ones. */
  const drawnAt = (id: number): [number, number] | undefined => {
    const row = data.sites ? rowOf(data.sites, id) : -1
    return row < 0 ? undefined : [data.sites!.positions[2 * row], data.sites!.positions[2 * row + 1]]
  }
  const selectedAt = selection?.kind === 'site' ? drawnAt(selection.id) : undefined
  const layers = useMemo(() => ({ settings, colouring, data, viewport, clustered, selectedAt: selectedAt ?? null }),
    [settings, colouring, data, viewport, clustered, selectedAt?.[0], selectedAt?.[1]])

  const fly = (center: [number, number], zoom: number) => setFlyTo({ center, zoom, nonce: Date.now() })
  /** Opens a site's panel and flies to it; `location` is WGS-84 when the site is not among the drawn (filtered) ones. */
  const openSite = (id: number, location?: [number, number]) => {
    setSelection({ kind: 'site', id })
    const target = drawnAt(id) ?? (location && toBasemapDatum({ type: 'Point' as const, coordinates: location }, datum).coordinates as [number, number])
    if (target) fly(target, SITE_ZOOM)
  }
  const onClick = (picked: Picked) => {
    const action = pickAction(picked)
    if (!action) return
    if ('select' in action) setSelection(action.select)
    else void openCluster(action.expandCluster)
  }
  // A cell from a tile has no cluster id: two zooms closer splits it into the next tiles' cells.
  const openCluster = async ({ clusterId, position }: SiteCluster) => {
    const zoom = worker && clusterId >= 0 ? await worker.expansionZoom(clusterId).catch(() => null) : null
    fly(position, zoom ?? Math.floor(viewport?.zoom ?? 10) + 2)
  }
  const styleUrl = basemap.data?.styleUrl ?? `${window.location.origin}/api/basemap/style.json?theme=${theme}`

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('title')}</h1>
        <SiteSearch api={api} onPick={(hit: SearchHit) => openSite(hit.id, hit.location)} />
        <div className="stats" data-testid="stats">
          <span>{t('districts')}<b>{districts?.features.length ?? '–'}</b></span>
          <span>{t('sites')}<b data-testid="site-count">{counts.sites ?? '–'}</b></span>
          <span>{t('keyProjects')}<b>{counts.keyProjects ?? '–'}</b></span>
          <span className="engine">{t('engine')}<b>{health.data ? `${health.data.engine} · PostGIS ${health.data.postgis}` : '–'}</b></span>
        </div>
        {header}
      </header>
      {siteTiles
        ? <div className="filters" role="note" data-testid="site-tiles-note">{t('tilesMode', { count: counts.sites })}</div>
        : <SiteFilters api={api} filter={filter} districts={districts} onChange={setFilter} />}
      <main className="map-wrap">
        {basemap.data && (
          <MapView layers={layers} styleUrl={styleUrl} districtsVisible={settings.districts.visible} flyTo={flyTo}
            onViewport={setViewport} onClick={onClick} tooltip={(picked) => tooltipText(picked, t)} />
        )}
        {failed && <div className="banner" role="alert">{t('loadFailed', { message: failed.message })}</div>}
        {playback.error && !failed && <div className="banner" role="alert">{t('playback.failed', { message: playback.error.message })}</div>}
        {!siteTiles && <TimeSlider playback={playback} summary={playback.frame && frameSummary(playback.frame)} />}
        <LayerPanel settings={settings} colouring={colouring} onColouring={setColouring}
          onToggle={(id) => setSettings((s) => toggleLayer(s, id))} onOpacity={(id, o) => setSettings((s) => setOpacity(s, id, o))} />
        <SelectionPanel api={api} theme={theme} user={user} selection={selection} onSelect={setSelection} onSite={(id) => openSite(id)}
          idle={mode === 'zone' && (
            <MyZonePanel api={api} zone={zone.data} error={zone.error} canAnswer={canSupervise(user.role as Role)}
              onSite={(id) => openSite(id)} onHazard={(id) => setSelection({ kind: 'hazard', id })}
              onClose={() => navigate('/')} />
          )} />
        <small className="basemap-note">{basemap.data?.styleUrl ? t('basemapOnline', { crs: datum.toUpperCase() }) : t('basemapNote')}</small>
      </main>
    </div>
  )
}
