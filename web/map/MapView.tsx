import { MapboxOverlay } from '@deck.gl/mapbox'
import type { FeatureCollection } from 'geojson'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { boundariesLayers } from './layers/boundaries-layer.ts'
import { type SiteFeature, sitesLayer } from './layers/sites-layer.ts'

export interface MapData {
  districts?: FeatureCollection
  grids?: FeatureCollection
  sites?: SiteFeature[]
}

/** Suzhou as a whole: the view the portal opens on. */
const CITY_BOUNDS: [number, number, number, number] = [119.9, 30.75, 121.4, 32.05]

// An offline background: everything drawn comes from our own API, so the map needs no internet.
const OFFLINE_STYLE: maplibregl.StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#0b1220' } }],
}

/** deck.gl layers are a pure function of the data; the map and overlay are created once. */
export function layersFor(data: MapData) {
  return [...boundariesLayers(data.districts, data.grids), data.sites && sitesLayer(data.sites)].filter(Boolean)
}

export function MapView(data: MapData) {
  const container = useRef<HTMLDivElement>(null)
  const overlay = useRef<MapboxOverlay | null>(null)

  useEffect(() => {
    const map = new maplibregl.Map({ container: container.current!, style: OFFLINE_STYLE, bounds: CITY_BOUNDS, attributionControl: false })
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
  }, [data.districts, data.grids, data.sites])

  return <div ref={container} className="map" data-testid="map" />
}
