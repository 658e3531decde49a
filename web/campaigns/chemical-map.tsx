import { MapboxOverlay } from '@deck.gl/mapbox'
import { useQuery } from '@tanstack/react-query'
import maplibregl from 'maplibre-gl'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_RECEPTOR_RADIUS_M } from '../../server/domain/chemicals.ts'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { CITY_BOUNDS } from '../map/MapView.tsx'
import { savedTheme } from '../ui/theme.ts'
import { chemicalReceptorsLayer, type ReceptorPoint } from './chemical-receptors-layer.ts'
import { CLASS_COLORS, type ChemicalSitePoint, chemicalSitesLayer } from './chemical-sites-layer.ts'

const RADII = [200, 500, 1000, 2000]

/**
 * 分布地图: the zone's sites storing chemicals, by class, and the sensitive receptors (schools, hospitals, care homes)
 * within the chosen radius of them; beside it, the sites that have receptors near, nearest first.
 */
export function ChemicalMap({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const container = useRef<HTMLDivElement>(null)
  const [radiusM, setRadiusM] = useState(DEFAULT_RECEPTOR_RADIUS_M)
  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  const data = useQuery({ queryKey: ['chemicals', 'map', radiusM], queryFn: () => unwrap(api.api.chemicals.map.$get({ query: { radiusM: String(radiusM) } })) })
  useEffect(() => {
    if (!basemap.data || !data.data || !container.current) return
    const datum = basemap.data.crs
    const at = (lon: number, lat: number) => toBasemapDatum({ type: 'Point' as const, coordinates: [lon, lat] }, datum).coordinates as [number, number]
    const sites: ChemicalSitePoint[] = data.data.sites.map((s) => ({
      siteId: s.siteId, name: `${s.code} ${s.name}`, primaryClass: s.primaryClass, nearReceptors: s.receptors.length, openDangers: s.openDangers, position: at(s.lon, s.lat),
    }))
    const receptors: ReceptorPoint[] = data.data.receptors.map((r) => ({ id: r.id, name: r.name, kind: r.kind, position: at(r.lon, r.lat) }))
    const lons = sites.map((p) => p.position[0])
    const lats = sites.map((p) => p.position[1])
    const bounds: [number, number, number, number] = sites.length
      ? [Math.min(...lons) - 0.02, Math.min(...lats) - 0.02, Math.max(...lons) + 0.02, Math.max(...lats) + 0.02] : CITY_BOUNDS
    const map = new maplibregl.Map({
      container: container.current, attributionControl: false, bounds,
      style: basemap.data.styleUrl ?? `${window.location.origin}/api/basemap/style.json?theme=${savedTheme(window.localStorage)}`,
    })
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right')
    map.addControl(new MapboxOverlay({
      interleaved: true, layers: [chemicalReceptorsLayer(receptors), chemicalSitesLayer(sites)],
      getTooltip: ({ object }) => (object ? { text: (object as { name: string }).name, className: 'map-tooltip' } : null),
    }))
    return () => map.remove()
  }, [basemap.data, data.data])
  const near = (data.data?.sites ?? []).filter((s) => s.receptors.length > 0)
  const receptor = new Map((data.data?.receptors ?? []).map((r) => [r.id, r]))
  const classes = [...new Set((data.data?.sites ?? []).map((s) => s.primaryClass).filter((c): c is string => c !== null))].sort()
  return (
    <section data-testid="chemical-map">
      <div className="inline-form">
        <label>{t('chemicals.filter.radius')}
          <select value={radiusM} onChange={(e) => setRadiusM(Number(e.target.value))} data-testid="chemical-radius">
            {RADII.map((r) => <option key={r} value={r}>{r} m</option>)}
          </select>
        </label>
        {data.data && <span className="muted" data-testid="chemical-map-summary">{t('chemicals.map.sites', { count: data.data.sites.length })} · {t('chemicals.map.near', { count: near.length })}</span>}
      </div>
      {data.error && <p role="alert" className="form-error">{(data.error as Error).message}</p>}
      <div ref={container} className="enterprise-map" data-testid="chemical-map-canvas" data-sites={data.data?.sites.length ?? -1} style={{ height: 420 }} />
      <p className="hint">{t('chemicals.map.legend')}</p>
      <ul className="legend-list" style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        {classes.map((c) => (
          <li key={c}><span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, marginRight: 4, background: `rgb(${(CLASS_COLORS[c] ?? [128, 128, 128]).join(',')})` }} />
            {c} {t(`chemicals.hazardClass.${c}`)}</li>
        ))}
      </ul>
      <table className="grid-table" data-testid="chemical-near-receptors">
        <thead><tr><th>{t('chemicals.col.site')}</th><th>{t('chemicals.col.hazardClass')}</th><th>{t('chemicals.col.chemicals')}</th><th>{t('chemicals.col.receptors')}</th></tr></thead>
        <tbody>
          {near.map((s) => (
            <tr key={s.siteId} data-testid={`near-${s.siteId}`}>
              <td><a href={`/?sel=site:${s.siteId}`}>{s.code} {s.name}</a></td>
              <td>{s.classes.join('、')}</td><td>{s.chemicals}</td>
              <td>{s.receptors.map((r) => {
                const found = receptor.get(r.id)
                return found ? t('chemicals.map.distance', { name: found.name, kind: t(`chemicals.receptor.${found.kind}`), m: r.distanceM }) : ''
              }).join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
