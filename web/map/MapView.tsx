import { MapboxOverlay } from '@deck.gl/mapbox'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { layersFor, type MapLayerState } from './layers/index.ts'
import { formatViewHash, parseViewHash } from './view-hash.ts'

/** Suzhou as a whole: the view the portal opens on. */
const CITY_BOUNDS: [number, number, number, number] = [119.9, 30.75, 121.4, 32.05]
// The basemap is our server's own style (water, districts, grids): it needs no internet.
const OFFLINE_STYLE_URL = `${window.location.origin}/api/basemap/style.json?theme=dark`
// Chinese labels are drawn from the browser's local fonts, so no CJK glyph files are needed.
const CJK_FONTS = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif"
// The basemap layers behind the 'districts' toggle.
const DISTRICT_STYLE_LAYERS = ['district-line', 'district-label']

/** The map and its one deck.gl overlay are created once; the overlay's layers follow the state. */
export function MapView(state: MapLayerState) {
  const container = useRef<HTMLDivElement>(null)
  const map = useRef<maplibregl.Map | null>(null)
  const overlay = useRef<MapboxOverlay | null>(null)

  useEffect(() => {
    const view = parseViewHash(window.location.hash)
    const m = new maplibregl.Map({
      container: container.current!, style: OFFLINE_STYLE_URL, attributionControl: false, localIdeographFontFamily: CJK_FONTS,
      ...(view ? { zoom: view.zoom, center: [view.lon, view.lat], bearing: view.bearing } : { bounds: CITY_BOUNDS }),
    })
    m.on('moveend', () => {
      const { lng, lat } = m.getCenter()
      const hash = formatViewHash(window.location.hash, { zoom: m.getZoom(), lat, lon: lng, bearing: m.getBearing() })
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`)
    })
    m.addControl(new maplibregl.NavigationControl(), 'top-right')
    m.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right')
    const deck = new MapboxOverlay({ interleaved: true, layers: [] })
    m.addControl(deck)
    map.current = m
    overlay.current = deck
    return () => {
      map.current = null
      overlay.current = null
      m.remove()
    }
  }, [])

  useEffect(() => {
    overlay.current?.setProps({ layers: layersFor(state) })
  }, [state])

  const districtsVisible = state.settings.districts.visible
  useEffect(() => {
    const m = map.current
    if (!m) return
    const apply = () => DISTRICT_STYLE_LAYERS.forEach((id) => m.setLayoutProperty(id, 'visibility', districtsVisible ? 'visible' : 'none'))
    if (m.isStyleLoaded()) apply()
    else m.once('load', apply)
  }, [districtsVisible])

  return <div ref={container} className="map" data-testid="map" />
}
