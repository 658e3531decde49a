import { MapboxOverlay } from '@deck.gl/mapbox'
import { useQuery } from '@tanstack/react-query'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { CITY_BOUNDS } from '../map/MapView.tsx'
import { savedTheme } from '../ui/theme.ts'
import { complaintHeatLayer, type ComplaintPoint } from './complaint-heat-layer.ts'

/** The complaints of the period as a heatmap on the portal's basemap (in its datum), over the whole city. */
export function ComplaintHeatmap({ api, points }: { api: ApiClient; points: { lon: number; lat: number; category: string }[] }) {
  const container = useRef<HTMLDivElement>(null)
  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  useEffect(() => {
    if (!basemap.data || !container.current) return
    const datum = basemap.data.crs
    const data: ComplaintPoint[] = points.map((p) => ({
      category: p.category, position: toBasemapDatum({ type: 'Point' as const, coordinates: [p.lon, p.lat] }, datum).coordinates as [number, number],
    }))
    const map = new maplibregl.Map({
      container: container.current, attributionControl: false, bounds: CITY_BOUNDS,
      style: basemap.data.styleUrl ?? `${window.location.origin}/api/basemap/style.json?theme=${savedTheme(window.localStorage)}`,
    })
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new MapboxOverlay({ interleaved: true, layers: [complaintHeatLayer(data)] }))
    return () => map.remove()
  }, [basemap.data, points])
  return <div ref={container} className="enterprise-map" data-testid="complaint-heatmap" data-points={points.length} style={{ height: 360 }} />
}
