import { MapboxOverlay } from '@deck.gl/mapbox'
import { useQuery } from '@tanstack/react-query'
import type { Geometry } from 'geojson'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef } from 'react'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { CITY_BOUNDS } from '../map/MapView.tsx'
import { savedTheme } from '../ui/theme.ts'
import { campaignDistrictsLayer, type DistrictProgressFeature } from './campaign-districts-layer.ts'
import { type CampaignSitePoint, campaignTargetsLayer } from './campaign-targets-layer.ts'

interface District { districtId: number; name: string; share: number | null; geometry: unknown }
interface Site { id: number; name: string; lon: number; lat: number; inspections: number; openHazards: number }

/** A campaign's progress on the portal's basemap: its districts coloured by progress, its sites as points. */
export function CampaignMap({ api, districts, sites }: { api: ApiClient; districts: District[]; sites: Site[] }) {
  const container = useRef<HTMLDivElement>(null)
  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  useEffect(() => {
    if (!basemap.data || !container.current) return
    const datum = basemap.data.crs
    const features: DistrictProgressFeature[] = districts.map((d) => ({
      type: 'Feature', geometry: toBasemapDatum(d.geometry as Geometry, datum), properties: { name: d.name, share: d.share },
    }))
    const points: CampaignSitePoint[] = sites.map((s) => ({
      id: s.id, name: s.name, inspected: s.inspections > 0, openHazards: s.openHazards,
      position: toBasemapDatum({ type: 'Point' as const, coordinates: [s.lon, s.lat] }, datum).coordinates as [number, number],
    }))
    const map = new maplibregl.Map({
      container: container.current, attributionControl: false, bounds: CITY_BOUNDS,
      style: basemap.data.styleUrl ?? `${window.location.origin}/api/basemap/style.json?theme=${savedTheme(window.localStorage)}`,
    })
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new MapboxOverlay({
      interleaved: true, layers: [campaignDistrictsLayer(features), campaignTargetsLayer(points)],
      getTooltip: ({ object }) => (object ? { text: (object as CampaignSitePoint).name ?? (object as DistrictProgressFeature).properties?.name, className: 'map-tooltip' } : null),
    }))
    return () => map.remove()
  }, [basemap.data, districts, sites])
  return <div ref={container} className="enterprise-map" data-testid="campaign-map" data-sites={sites.length} data-districts={districts.length} style={{ height: 360 }} />
}
