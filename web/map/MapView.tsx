import { MapboxOverlay } from '@deck.gl/mapbox'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { type SiteFeature, sitesLayer } from './layers/sites-layer.ts'

export interface MapData {
  sites?: SiteFeature[]
}

/** Suzhou as a whole: the view the portal opens on. */
const CITY_BOUNDS: [number, number, number, number] = [119.9, 30.75, 121.4, 32.05]

// The basemap is our server's own style (water, districts, grids): it needs no internet.
const OFFLINE_STYLE_URL = `${window.location.origin}/api/basemap/style.json?theme=dark`
// Chinese labels are drawn from the browser's local fonts, so no CJK glyph files are needed.
const CJK_FONTS = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif"

/** deck.gl layers are a pure function of the data; the map and overlay are created once. */
export function layersFor(data: MapData) {
  return [data.sites && sitesLayer(data.sites)].filter(Boolean)
}

export function MapView(data: MapData) {
  const container = useRef<HTMLDivElement>(null)
  const overlay = useRef<MapboxOverlay | null>(null)

  useEffect(() => {
    const map = new maplibregl.Map({
      container: container.current!, style: OFFLINE_STYLE_URL, bounds: CITY_BOUNDS, attributionControl: false, localIdeographFontFamily: CJK_FONTS,
    })
    map.addControl(new maplibregl.NavigationControl(), 'top-right')
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right')
    const deck = new MapboxOverlay({ interleaved: true, layers: [] })
    map.addControl(deck)
    overlay.current = deck
    return () => {
      overlay.current = null
      map.remove()
    }
  }, [])

  useEffect(() => {
    overlay.current?.setProps({ layers: layersFor(data) })
  }, [data.sites])

  return <div ref={container} className="map" data-testid="map" />
}
