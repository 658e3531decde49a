import { useQuery } from '@tanstack/react-query'
import type maplibregl from 'maplibre-gl'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { DEFAULT_LAYERS } from '../map/layer-settings.ts'
import { MapView } from '../map/MapView.tsx'
import { navigate } from '../ui/router.ts'

interface Props { api: ApiClient; versionId: number }

const REPORT_LAYERS = { ...DEFAULT_LAYERS, sites: { ...DEFAULT_LAYERS.sites, visible: false }, demoZone: { ...DEFAULT_LAYERS.demoZone, visible: false } }

/**
 * A printable report of one pick-list version: KPIs, a map image and the list. The browser's print dialog makes
 * the PDF (with the system's CJK fonts, which a server-side PDF library would have to embed). The map is copied
 * into an <img> once drawn, because a WebGL canvas does not reliably print.
 */
export function ReportScreen({ api, versionId }: Props) {
  const { t } = useTranslation()
  const [map, setMap] = useState<maplibregl.Map | null>(null)
  const [image, setImage] = useState<string | null>(null)
  const report = useQuery({ queryKey: ['pick-list', versionId], queryFn: () => unwrap(api.api.planning['pick-lists'][':id'].$get({ param: { id: String(versionId) } })) })
  const basemap = useQuery({ queryKey: ['basemap-config'], queryFn: () => unwrap(api.api.basemap.config.$get()), staleTime: Infinity })
  const datum = basemap.data?.crs ?? 'wgs84'
  const items = report.data?.items ?? []
  const points = useMemo(() => items.map((i) => ({
    id: i.siteId, score: 0, position: toBasemapDatum({ type: 'Point' as const, coordinates: i.location }, datum).coordinates as [number, number],
  })), [items, datum])
  const layers = useMemo(() => ({ settings: REPORT_LAYERS, colouring: 'risk' as const, data: {}, viewport: null, clustered: null, selectedAt: null,
    planning: { candidates: [], picked: points, highlightedId: null } }), [points])

  useEffect(() => {
    if (!map || points.length === 0) return
    const lons = points.map((p) => p.position[0]), lats = points.map((p) => p.position[1])
    map.fitBounds([Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)], { padding: 40, animate: false, maxZoom: 14 })
    const capture = () => setImage(map.getCanvas().toDataURL('image/png'))
    map.once('idle', capture)
    return () => { map.off('idle', capture) }
  }, [map, points])

  if (report.error) return <p className="form-error" role="alert">{report.error.message}</p>
  if (!report.data) return <p className="splash">{t('loading')}</p>
  const { version } = report.data
  const byDistrict = [...items.reduce((m, i) => m.set(i.district, (m.get(i.district) ?? 0) + 1), new Map<string, number>())]
  const generated = new Date().toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })
  return (
    <div className="report" data-testid="report">
      <div className="report-actions no-print">
        <button type="button" onClick={() => navigate('/planner')}>{t('planning.back')}</button>
        <button type="button" className="primary" data-testid="print" onClick={() => window.print()}>{t('planning.print')}</button>
      </div>
      <h1>{t('planning.reportTitle')}</h1>
      <p className="report-meta"><b data-testid="report-version">{version.name}</b> · {t(version.official ? 'planning.official' : version.supersededAt ? 'planning.superseded' : 'planning.draft')}
        {' · '}{t('planning.generatedAt')} {generated}</p>
      <h2>{t('planning.kpis')}</h2>
      <dl className="report-kpis">
        <div><dt>{t('planning.total')}</dt><dd data-testid="report-total">{items.length}</dd></div>
        <div><dt>{t('planning.districts')}</dt><dd>{byDistrict.length}</dd></div>
        {byDistrict.map(([district, n]) => <div key={district}><dt>{district}</dt><dd>{n}</dd></div>)}
      </dl>
      <div className="report-map">
        {image ? <img src={image} alt={version.name} data-testid="report-map-image" /> : basemap.data && (
          <MapView layers={layers} styleUrl={`${window.location.origin}/api/basemap/style.json?theme=light`} districtsVisible flyTo={null}
            onViewport={() => undefined} onClick={() => undefined} tooltip={() => null} onReady={setMap} preserveDrawingBuffer maxPixelRatio={1} />
        )}
      </div>
      <table className="report-table">
        <thead><tr><th>#</th><th>项目编号</th><th>项目名称</th><th>所属区</th><th>{t('filters.stage')}</th><th>{t('filters.grade')}</th></tr></thead>
        <tbody>{items.map((i) => (
          <tr key={i.siteId}><td>{i.position}</td><td>{i.code}</td><td>{i.name}</td><td>{i.district}</td><td>{t(`stage.${i.stage}`)}</td>
            <td>{i.riskGrade ? t(`grade.${i.riskGrade}`) : '–'}</td></tr>
        ))}</tbody>
      </table>
    </div>
  )
}
