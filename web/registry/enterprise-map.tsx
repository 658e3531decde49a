import { MapboxOverlay } from '@deck.gl/mapbox'
import { useQuery } from '@tanstack/react-query'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { CITY_BOUNDS } from '../map/MapView.tsx'
import { savedTheme } from '../ui/theme.ts'
import { type EnterpriseSitePoint, enterpriseSitesLayer } from './enterprise-sites-layer.ts'

interface Site { id: number; name: string; role: string; stage: string; lon: number; lat: number }

/**
 * A small map of a firm's sites: the portal's basemap (in its datum) with one dot per site, fitted to them.
 * Lighter than the main map: no layer panel, no live data, just where the firm works.
 */
export function EnterpriseMap({ api, sites }: { api: ApiClient; sites: Site[] }) {
  const container = useRef<HTMLDivElement>(null)
  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  useEffect(() => {
    if (!basemap.data || !container.current) return
    const datum = basemap.data.crs
    const theme = savedTheme(window.localStorage)
    const points: EnterpriseSitePoint[] = sites.map((s) => ({
      id: s.id, name: s.name, role: s.role, active: s.stage !== 'completed',
      position: toBasemapDatum({ type: 'Point' as const, coordinates: [s.lon, s.lat] }, datum).coordinates as [number, number],
    }))
    const lons = points.map((p) => p.position[0])
    const lats = points.map((p) => p.position[1])
    const bounds: [number, number, number, number] = points.length
      ? [Math.min(...lons) - 0.01, Math.min(...lats) - 0.01, Math.max(...lons) + 0.01, Math.max(...lats) + 0.01] : CITY_BOUNDS
    const map = new maplibregl.Map({
      container: container.current, attributionControl: false, bounds,
      style: basemap.data.styleUrl ?? `${window.location.origin}/api/basemap/style.json?theme=${theme}`,
    })
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new MapboxOverlay({
      interleaved: true, layers: [enterpriseSitesLayer(points)],
      getTooltip: ({ object }) => (object ? { text: (object as EnterpriseSitePoint).name, className: 'map-tooltip' } : null),
    }))
    return () => map.remove()
  }, [basemap.data, sites])
  return <div ref={container} className="enterprise-map" data-testid="enterprise-map" data-sites={sites.length} style={{ height: 320 }} />
}
