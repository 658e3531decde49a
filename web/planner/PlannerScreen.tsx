import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type maplibregl from 'maplibre-gl'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { LayerPanel } from '../map/LayerPanel.tsx'
import { DEFAULT_LAYERS, type LayerSettings, setOpacity, type SiteColouring, toggleLayer } from '../map/layer-settings.ts'
import type { CandidatePoint } from '../map/layers/candidates-layer.ts'
import type { MapViewport } from '../map/layers/index.ts'
import { type FlyTarget, MapView } from '../map/MapView.tsx'
import type { Picked } from '../map/picking.ts'
import { useMapData } from '../map/use-map-data.ts'
import { useSiteClusters, useSitesWorker } from '../map/use-sites-worker.ts'
import type { Theme } from '../ui/theme.ts'
import { type Candidate, CandidateList } from './CandidateList.tsx'
import { EmergencyPanel } from './EmergencyPanel.tsx'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { type PickItem, PickListPanel } from './PickListPanel.tsx'
import { type AreaTool, type Criteria, SelectionControls } from './SelectionControls.tsx'
import { type Drawing, type DrawTool, type SelectionShape, shapeFromDrawing } from './selection-shape.ts'
import { TrackingPanel } from './TrackingPanel.tsx'
import { useTerraDraw } from './use-terra-draw.ts'

// Candidates stand in for the site dots here; the key projects and grids give the context a planner draws against.
const PLANNER_LAYERS: LayerSettings = { ...DEFAULT_LAYERS, sites: { ...DEFAULT_LAYERS.sites, visible: false }, keyProjects: { visible: true, opacity: 0.7 } }
const NO_FILTER = {}
const SITE_ZOOM = 15

interface Props { api: ApiClient; theme: Theme; header: React.ReactNode; user: SessionUser }

/** Debounced so that typing a threshold asks the server once, when the planner pauses. */
function useDebounced<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => { const timer = setTimeout(() => setSettled(value), ms); return () => clearTimeout(timer) }, [value, ms])
  return settled
}

/** The planners' workspace: criteria and an area on the left, the map, and the list, measures and emergency lists on the right. */
export function PlannerScreen({ api, theme, header, user }: Props) {
  const { t } = useTranslation()
  const [settings, setSettings] = useState<LayerSettings>(PLANNER_LAYERS)
  const [colouring, setColouring] = useState<SiteColouring>('risk')
  const [viewport, setViewport] = useState<MapViewport | null>(null)
  const [flyTo, setFlyTo] = useState<FlyTarget | null>(null)
  const [map, setMap] = useState<maplibregl.Map | null>(null)
  const [criteria, setCriteria] = useState<Criteria>({ inKeyArea: true })
  const [shape, setShape] = useState<SelectionShape | null>(null)
  const [tool, setTool] = useState<AreaTool | null>(null)
  const [bufferM, setBufferM] = useState(300)
  const [clearNonce, setClearNonce] = useState(0)
  const [picks, setPicks] = useState<PickItem[]>([])
  const [highlightedId, setHighlightedId] = useState<number | null>(null)
  const [tab, setTab] = useState<'pick' | 'progress' | 'emergency'>('pick')

  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  const datum = basemap.data?.crs ?? 'wgs84'
  const worker = useSitesWorker()
  const { data, districts } = useMapData(api, worker, settings, NO_FILTER, viewport, datum)
  const clustered = useSiteClusters(worker, data.sites, viewport)
  const body = useDebounced({ criteria, shape: shape ?? undefined })
  const result = useQuery({
    queryKey: ['candidates', body], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.planning.candidates.$post({ json: body })),
  })

  const onDrawn = (drawnWith: DrawTool, drawing: Drawing) => {
    setShape(shapeFromDrawing(drawnWith, drawing, bufferM, datum))
    setTool(null)
  }
  useTerraDraw(map, tool && tool !== 'grid' ? tool : null, onDrawn, clearNonce)
  const changeShape = (next: SelectionShape | null) => {
    // A drawing stays on the map only while it is the shape in use.
    if (!next || next.type === 'district' || next.type === 'grid') setClearNonce(Date.now())
    setShape(next)
  }

  const onBasemap = (position: [number, number]) => toBasemapDatum({ type: 'Point' as const, coordinates: position }, datum).coordinates as [number, number]
  const asPick = (c: Candidate): PickItem => ({ id: c.id, name: c.name, district: c.district, position: c.location, score: c.priority.score })
  const toggle = (c: Candidate) => setPicks((list) => (list.some((p) => p.id === c.id) ? list.filter((p) => p.id !== c.id) : [...list, asPick(c)]))
  const addTop = (n: number) => setPicks((list) => {
    const have = new Set(list.map((p) => p.id))
    return [...list, ...(result.data?.candidates ?? []).slice(0, n).filter((c) => !have.has(c.id)).map(asPick)]
  })
  const focus = (id: number, position: [number, number]) => {
    setHighlightedId(id)
    setFlyTo({ center: onBasemap(position), zoom: Math.max(viewport?.zoom ?? 0, SITE_ZOOM - 2), nonce: Date.now() })
  }
  const onClick = ({ layer, object }: Picked) => {
    if (!layer || !object) return
    if (tool === 'grid' && layer.id === 'grids') {
      changeShape({ type: 'grid', id: Number((object as { id: number }).id) })
      setTool(null)
    } else if (layer.id === 'candidates' || layer.id === 'picked') setHighlightedId((object as CandidatePoint).id)
  }
  const tooltip = ({ layer, object }: Picked) => {
    if (!layer || !object || (layer.id !== 'candidates' && layer.id !== 'picked')) return null
    const id = (object as CandidatePoint).id
    const c = result.data?.candidates.find((x) => x.id === id)
    return c ? `${c.name}\n${c.district} · ${t('planning.score')} ${c.priority.score}` : picks.find((p) => p.id === id)?.name ?? null
  }

  const planning = useMemo(() => ({
    candidates: (result.data?.candidates ?? []).map((c) => ({ id: c.id, position: onBasemap(c.location), score: c.priority.score })),
    picked: picks.map((p) => ({ id: p.id, position: onBasemap(p.position), score: p.score ?? 0 })),
    highlightedId,
  }), [result.data, picks, highlightedId, datum])
  const layers = useMemo(() => ({ settings, colouring, data, viewport, clustered, selectedAt: null, planning }),
    [settings, colouring, data, viewport, clustered, planning])
  const pickedIds = useMemo(() => new Set(picks.map((p) => p.id)), [picks])
  const styleUrl = basemap.data?.styleUrl ?? `${window.location.origin}/api/basemap/style.json?theme=${theme}`

  return (
    <div className="app planner-app">
      <header className="topbar"><h1>{t('planning.title')}</h1>{header}</header>
      <main className="planner">
        <aside className="planner-left" data-testid="planner-left">
          <SelectionControls criteria={criteria} onCriteria={setCriteria} shape={shape} onShape={changeShape} tool={tool} onTool={setTool}
            bufferM={bufferM} onBuffer={setBufferM} districts={districts} />
          <p className="export-row">{t('planning.exportSelection')}：
            <ExportButtons fileName="candidates" request={(format) => api.api.exports.candidates.$post({ query: { format }, json: body })} /></p>
          <CandidateList result={result.data} error={result.error} loading={result.isFetching} picked={pickedIds} onToggle={toggle} onAddTop={addTop}
            highlightedId={highlightedId} onHighlight={(c) => focus(c.id, c.location)} />
        </aside>
        <div className="map-wrap" data-drawing={tool ?? undefined}>
          {basemap.data && <MapView layers={layers} styleUrl={styleUrl} districtsVisible={settings.districts.visible} flyTo={flyTo}
            onViewport={setViewport} onClick={onClick} tooltip={tooltip} onReady={setMap} />}
          <LayerPanel settings={settings} colouring={colouring} onColouring={setColouring}
            onToggle={(id) => setSettings((s) => toggleLayer(s, id))} onOpacity={(id, o) => setSettings((s) => setOpacity(s, id, o))} />
        </div>
        <aside className="planner-right">
          <nav className="tabs" role="tablist">
            {(['pick', 'progress', 'emergency'] as const).map((id) => (
              <button key={id} type="button" role="tab" data-testid={`tab-${id}`} aria-selected={tab === id} onClick={() => setTab(id)}>{t(`planning.tabs.${id}`)}</button>
            ))}
          </nav>
          {tab === 'pick' && <PickListPanel api={api} user={user} picks={picks} onRemove={(id) => setPicks((l) => l.filter((p) => p.id !== id))}
            onLoad={setPicks} onSite={(p) => focus(p.id, p.position)} />}
          {tab === 'progress' && <TrackingPanel api={api} user={user} theme={theme} onSite={(id) => setHighlightedId(id)} />}
          {tab === 'emergency' && <EmergencyPanel api={api} user={user} onSite={(id) => setHighlightedId(id)} />}
        </aside>
      </main>
    </div>
  )
}
