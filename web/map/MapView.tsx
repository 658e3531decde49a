import { MapboxOverlay } from '@deck.gl/mapbox'
import maplibregl from 'maplibre-gl'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { RiskWeights } from './layers/heatmap-layer.ts'
import { layersFor, type MapLayerState, type MapViewport } from './layers/index.ts'
import { applyOutlines, FOOTPRINT_OUTLINES, GRID_OUTLINES, outlinedFootprints } from './map-outlines.ts'
import type { Picked } from './picking.ts'
import { formatViewHash, parseViewHash } from './view-hash.ts'

/** Suzhou as a whole: the view the portal opens on. */
export const CITY_BOUNDS: [number, number, number, number] = [119.9, 30.75, 121.4, 32.05]
// Chinese labels are drawn from the browser's local fonts, so no CJK glyph files are needed.
const CJK_FONTS = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif"
// The basemap layers behind the 'districts' toggle (only in our own style).
const DISTRICT_STYLE_LAYERS = ['district-line', 'district-label']

type Padding = { top: number; right: number; bottom: number; left: number }
/** `padding` keeps fitted bounds clear of what covers the map (the side panel, or a phone's bottom sheet). */
export type FlyTarget = ({ center: [number, number]; zoom: number } | { bounds: [number, number, number, number]; padding?: Padding }) & { nonce: number }

interface Props {
  layers: MapLayerState
  styleUrl: string
  districtsVisible: boolean
  flyTo: FlyTarget | null
  onViewport(viewport: MapViewport): void
  onClick(picked: Picked): void
  tooltip(picked: Picked): string | null
  /** Caps the canvas resolution: a 4K/8K wall at full device pixels would pay for it in frame time. */
  maxPixelRatio?: number
  /** For tools that work on the map itself (drawing) or read its pixels (a printed report). */
  onReady?(map: maplibregl.Map): void
  /** Keeps the last frame readable, so it can be copied into an image; off by default, as it costs frame time. */
  preserveDrawingBuffer?: boolean
}

/** The map and its one deck.gl overlay are created once; the overlay's layers follow the state. */
export function MapView({ layers, styleUrl, districtsVisible, flyTo, onViewport, onClick, tooltip, maxPixelRatio = 2, onReady, preserveDrawingBuffer = false }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const map = useRef<maplibregl.Map | null>(null)
  const overlay = useRef<MapboxOverlay | null>(null)
  // Callbacks change every render; the map's listeners read the latest through this ref.
  const { settings, data, colouring } = layers
  const gridOutlines = settings.grids.visible ? data.grids ?? null : null
  const gridOpacity = settings.grids.opacity
  const footprintOutlines = useMemo(() => (settings.sites.visible && data.footprints ? outlinedFootprints(data.footprints, colouring) : null),
    [settings.sites.visible, data.footprints, colouring])
  const footprintOpacity = settings.sites.opacity
  const latest = useRef({ onViewport, onClick, tooltip, districtsVisible, gridOutlines, gridOpacity, footprintOutlines, footprintOpacity })
  latest.current = { onViewport, onClick, tooltip, districtsVisible, gridOutlines, gridOpacity, footprintOutlines, footprintOpacity }

  useEffect(() => {
    const view = parseViewHash(window.location.hash)
    const m = new maplibregl.Map({
      container: container.current!, style: styleUrl, attributionControl: false, localIdeographFontFamily: CJK_FONTS,
      pixelRatio: Math.min(window.devicePixelRatio, maxPixelRatio), canvasContextAttributes: { preserveDrawingBuffer },
      ...(view ? { zoom: view.zoom, center: [view.lon, view.lat], bearing: view.bearing } : { bounds: CITY_BOUNDS }),
    })
    const report = () => {
      const b = m.getBounds()
      latest.current.onViewport({ zoom: m.getZoom(), bounds: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] })
      const { lng, lat } = m.getCenter()
      const hash = formatViewHash(window.location.hash, { zoom: m.getZoom(), lat, lon: lng, bearing: m.getBearing() })
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`)
    }
    m.on('moveend', report)
    m.on('load', report)
    m.on('style.load', () => {
      applyDistrictVisibility(m, latest.current.districtsVisible)
      applyOutlines(m, GRID_OUTLINES, latest.current.gridOutlines, latest.current.gridOpacity)
      applyOutlines(m, FOOTPRINT_OUTLINES, latest.current.footprintOutlines, latest.current.footprintOpacity)
    })
    m.addControl(new maplibregl.NavigationControl(), 'top-right')
    m.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right')
    const deck = new MapboxOverlay({
      interleaved: true, layers: [],
      getTooltip: (info) => { const text = latest.current.tooltip(info); return text ? { text, className: 'map-tooltip' } : null },
    })
    m.addControl(deck)
    // Clicks are taken from MapLibre and picked when they happen, not through deck.gl's own onClick: in the
    // interleaved overlay that is a hammer.js tap, which must end within 250 ms of the press as the page processes
    // it, and deck.gl runs a synchronous pick on the press itself. Where a frame is slow (software WebGL, a wall PC,
    // an old laptop) that pick alone takes longer, and the click was silently dropped. MapLibre's click has no time
    // limit, only a 3-pixel tolerance for a hand that moves.
    m.on('click', (e) => latest.current.onClick(deck.pickObject({ x: e.point.x, y: e.point.y }) ?? {}))
    // No hover picking while the map is dragged. The overlay hands deck.gl each mousemove without the button that is
    // held, so deck.gl picked under the pointer on every frame of a pan: a second render of every pickable layer and a
    // pixel read-back that stalls the GPU. In software WebGL that was most of a frame with the grids or testing dots on.
    m.on('dragstart', () => deck.setProps({ _pickable: false }))
    m.on('dragend', () => deck.setProps({ _pickable: true }))
    map.current = m
    overlay.current = deck
    onReady?.(m)
    return () => {
      map.current = null
      overlay.current = null
      m.remove()
    }
    // Created once: a new style is applied below, by setStyle, so the view and the overlay survive a theme change.
  }, [])

  // The heatmap of a zone drawn from tiles weighs the tiles in view, which the tile layer reports once loaded.
  const [tileHeat, setTileHeat] = useState<RiskWeights | null>(null)
  useEffect(() => {
    overlay.current?.setProps({ layers: layersFor({ ...layers, tileHeat, onTileHeat: setTileHeat }) })
  }, [layers, tileHeat])

  const appliedStyle = useRef(styleUrl)
  useEffect(() => {
    if (styleUrl !== appliedStyle.current) map.current?.setStyle(styleUrl)
    appliedStyle.current = styleUrl
  }, [styleUrl])

  useEffect(() => {
    const m = map.current
    if (m?.isStyleLoaded()) applyDistrictVisibility(m, districtsVisible)
  }, [districtsVisible])

  useEffect(() => {
    if (map.current) applyOutlines(map.current, GRID_OUTLINES, gridOutlines, gridOpacity)
  }, [gridOutlines, gridOpacity])

  useEffect(() => {
    if (map.current) applyOutlines(map.current, FOOTPRINT_OUTLINES, footprintOutlines, footprintOpacity)
  }, [footprintOutlines, footprintOpacity])

  useEffect(() => {
    if (!flyTo) return
    if ('bounds' in flyTo) map.current?.fitBounds(flyTo.bounds, { padding: flyTo.padding ?? 40, essential: true })
    else map.current?.flyTo({ center: flyTo.center, zoom: flyTo.zoom, essential: true })
  }, [flyTo])

  // Once the site tiles in view have loaded (a zone drawn from tiles), for what waits on the map having its sites.
  return <div ref={container} className="map" data-testid="map" data-site-tiles-loaded={tileHeat ? true : undefined} />
}

function applyDistrictVisibility(m: maplibregl.Map, visible: boolean) {
  for (const id of DISTRICT_STYLE_LAYERS) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none')
}
