import bbox from '@turf/bbox'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { FeatureCollection } from 'geojson'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { DEFAULT_LAYERS, type LayerSettings } from '../map/layer-settings.ts'
import type { KeyProjectFeature } from '../map/layers/key-projects-layer.ts'
import { type FlyTarget, MapView } from '../map/MapView.tsx'
import { sitesFromTiles } from '../map/use-map-data.ts'
import { useSiteClusters, useSitesWorker } from '../map/use-sites-worker.ts'
import type { MapViewport } from '../map/layers/index.ts'
import { AlertFeed } from './AlertFeed.tsx'
import { retryDelayMs, useLiveEvents } from '../ui/use-live-events.ts'
import { TOUR_LAYERS, type WallSettings } from './wall-settings.ts'
import type { WallEvent, WallKpis } from './wall-types.ts'
import { AccountabilityWatch } from './AccountabilityWatch.tsx'
import { CampaignWatch } from './CampaignWatch.tsx'
import { CreditWatch } from './CreditWatch.tsx'
import { DistrictRanking, HeadlineFigures, KeyProjectsChart, TargetsChart } from './WallPanels.tsx'
import { dataOnDay } from '../map/playback/use-map-playback.ts'
import { useWallPlayback, WallPlayback } from './WallPlayback.tsx'
import './wall.css'

const FEED_LENGTH = 30
const WALL_LAYERS: LayerSettings = {
  ...DEFAULT_LAYERS,
  heatmap: { visible: true, opacity: 0.55 }, keyProjects: { visible: true, opacity: 1 }, demoZone: { visible: false, opacity: 0.8 },
}
// A wall retries for ever: after an outage it must come back by itself, however long the outage was.
const forever = { retry: true, retryDelay: (attempt: number) => retryDelayMs(attempt) } as const

/** The command-center wall: KPIs around a live map, an alert feed, and the age of what is shown. */
export function WallScreen({ api, settings }: { api: ApiClient; settings: WallSettings }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const token = settings.token ?? ''
  const query = { query: { token } }
  const snapshot = useQuery({ queryKey: ['wall', 'snapshot'], queryFn: () => unwrap(api.api.wall.snapshot.$get(query)), refetchInterval: 60_000, ...forever })
  const worker = useSitesWorker()
  // A city too large for every site's columns (a million sites are tens of MB) is drawn from the wall's tiles.
  const catalog = useQuery({ queryKey: ['wall', 'tiles'], queryFn: () => unwrap(api.api.wall.tiles.$get(query)), staleTime: Infinity, ...forever })
  const tiled = catalog.data !== undefined && sitesFromTiles(catalog.data.tiles.sites.features)
  const [tilesVersion, setTilesVersion] = useState(0)
  // The wall's own basemap is WGS-84 (its dark style): no datum shift.
  const sites = useQuery({
    queryKey: ['wall', 'sites'], queryFn: () => worker!.load(api.api.wall.layers['site-columns'].$url(query), 'wgs84'),
    enabled: worker !== null && catalog.data !== undefined && !tiled, placeholderData: keepPreviousData, ...forever,
  })
  const keyProjects = useQuery({ queryKey: ['wall', 'key-projects'], queryFn: () => unwrap(api.api.wall.layers['key-projects'].$get(query)), ...forever })
  const districts = useQuery({ queryKey: ['wall', 'districts'], queryFn: () => unwrap(api.api.wall.layers.districts.$get(query)), ...forever })
  const [feed, setFeed] = useState<WallEvent[]>([])
  useEffect(() => { if (snapshot.data) setFeed((current) => mergeFeed(current, snapshot.data.alerts)) }, [snapshot.data])

  const refetchSoon = useCoalesced((keys: Set<string>) => {
    for (const key of keys) void queryClient.invalidateQueries({ queryKey: ['wall', key] })
    if (keys.has('sites')) setTilesVersion((v) => v + 1)
  })
  const status = useLiveEvents<WallEvent>(settings.token ? `/api/wall/events?token=${encodeURIComponent(token)}` : null, (event) => {
    setFeed((current) => mergeFeed(current, [event]))
    // Only what an event can change is fetched again, once per burst; the map keeps its view. A device alarm
    // changes neither the KPIs nor the map: its line in the feed is all it adds.
    if (event.alarmKind) return
    refetchSoon('snapshot')
    if (event.kind !== 'pm10_exceedance') refetchSoon('sites')
  })
  const { step: tourStep, layers, flyTo } = useTour(settings, districts.data as FeatureCollection | undefined)
  const [viewport, setViewport] = useState<MapViewport | null>(null)
  // A replayed day (the slider, or the trend tour) lays that day's values over today's sites, and its KPIs over the panels.
  const playback = useWallPlayback(api, token, settings.everySeconds)
  // A replayed day lays its values over the sites' columns; tiles (a very large city) stay live, as on the main map.
  const data = useMemo(() => ({
    ...dataOnDay({ sites: sites.data, keyProjects: keyProjects.data?.features as KeyProjectFeature[] | undefined }, playback.day),
    siteTiles: tiled ? { url: `/api/wall/tiles/sites/{z}/{x}/{y}.mvt?token=${encodeURIComponent(token)}`, datum: 'wgs84' as const, version: tilesVersion } : undefined,
  }), [sites.data, keyProjects.data, playback.day, tiled, token, tilesVersion])
  const clustered = useSiteClusters(worker, data.sites, viewport)
  const mapState = useMemo(() => ({
    settings: layers, colouring: 'risk' as const, viewport, clustered, selectedAt: null, data,
  }), [layers, viewport, clustered, data])

  if (!settings.token) return <div className="wall-message" role="alert">{t('wall.noToken')}</div>
  const asOf = snapshot.dataUpdatedAt ? new Date(snapshot.dataUpdatedAt).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }) : '–'
  const stale = status !== 'live' || snapshot.isError
  const kpis = (playback.kpis?.kpis ?? snapshot.data?.kpis) as WallKpis | undefined
  return (
    // The tour's step is on the element so that a test can time the tour's own ticks, not when a flight lands.
    <div className="wall" data-testid="wall" data-tour-step={tourStep}>
      <header className="wall-header">
        <h1>{t('title')}</h1>
        <span className={`wall-status ${stale ? 'stale' : 'live'}`} data-testid="wall-status" role={stale ? 'alert' : undefined}>
          {stale ? t('wall.staleAsOf', { time: asOf }) : t('wall.liveAsOf', { time: asOf })}
        </span>
      </header>
      {snapshot.error && !kpis && <div className="wall-message" role="alert">{(snapshot.error as Error).message}</div>}
      <aside className="wall-left">{kpis && <><HeadlineFigures kpis={kpis} /><TargetsChart kpis={kpis} /><CampaignWatch kpis={kpis} /><CreditWatch kpis={kpis} /></>}</aside>
      <main className="wall-map" data-testid="wall-map" data-sites={tiled ? catalog.data.tiles.sites.features : sites.data?.length} data-site-tiles={tiled || undefined}>
        <MapView layers={mapState} styleUrl={`${window.location.origin}/api/basemap/style.json?theme=dark${token ? `&token=${encodeURIComponent(token)}` : ''}`} districtsVisible flyTo={flyTo}
          onViewport={setViewport} onClick={() => {}} tooltip={() => null} maxPixelRatio={1.5} />
        <WallPlayback playback={playback} />
      </main>
      <aside className="wall-right">{kpis && <><KeyProjectsChart kpis={kpis} /><DistrictRanking kpis={kpis} /><AccountabilityWatch kpis={kpis} /></>}<AlertFeed events={feed} /></aside>
    </div>
  )
}

// A burst of events (a bulk import, an inspection round closing twenty hazards) becomes one refetch.
const COALESCE_MS = 500

/** Collects keys for COALESCE_MS, then hands them over once. */
function useCoalesced(flush: (keys: Set<string>) => void) {
  const pending = useRef<{ keys: Set<string>; timer: ReturnType<typeof setTimeout> | null }>({ keys: new Set(), timer: null })
  const latest = useRef(flush)
  latest.current = flush
  useEffect(() => () => { if (pending.current.timer) clearTimeout(pending.current.timer) }, [])
  return (key: string) => {
    pending.current.keys.add(key)
    pending.current.timer ??= setTimeout(() => {
      const keys = pending.current.keys
      pending.current = { keys: new Set(), timer: null }
      latest.current(keys)
    }, COALESCE_MS)
  }
}

/** Newest first, each event once, at most FEED_LENGTH: a wall running for weeks must not grow its list. */
function mergeFeed(current: WallEvent[], incoming: WallEvent[]): WallEvent[] {
  const byId = new Map([...incoming, ...current].map((e) => [e.id, e]))
  return [...byId.values()].sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1)).slice(0, FEED_LENGTH)
}

/** The tour from the URL: one district after another, or one layer after another, every `everySeconds`. */
function useTour(settings: WallSettings, districts: FeatureCollection | undefined) {
  const [step, setStep] = useState(0)
  useEffect(() => {
    if (!settings.tour) return
    const timer = setInterval(() => setStep((s) => s + 1), settings.everySeconds * 1000)
    return () => clearInterval(timer)
  }, [settings.tour, settings.everySeconds])
  const layers = useMemo(() => {
    if (settings.tour !== 'layers') return WALL_LAYERS
    const shown = TOUR_LAYERS[step % TOUR_LAYERS.length]
    return Object.fromEntries(Object.entries(WALL_LAYERS).map(([id, s]) =>
      [id, (TOUR_LAYERS as readonly string[]).includes(id) ? { ...s, visible: id === shown } : s])) as LayerSettings
  }, [settings.tour, step])
  const flyTo = useMemo((): FlyTarget | null => {
    if (settings.tour !== 'districts' || !districts?.features.length || step === 0) return null
    const district = districts.features[(step - 1) % districts.features.length]
    return { bounds: bbox(district) as [number, number, number, number], nonce: step }
  }, [settings.tour, districts, step])
  return { step, layers, flyTo }
}
