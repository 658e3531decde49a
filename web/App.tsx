import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from './api.ts'
import { KIND_COLORS, rgb } from './map/layers/colors.ts'
import type { SiteFeature } from './map/layers/sites-layer.ts'
import { MapView } from './map/MapView.tsx'

export function App({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation()
  const layers = api.api.layers
  const health = useQuery({ queryKey: ['health'], queryFn: () => unwrap(api.api.health.$get()) })
  const districts = useQuery({ queryKey: ['layer', 'districts'], queryFn: () => unwrap(layers.districts.$get()) })
  const grids = useQuery({ queryKey: ['layer', 'grids'], queryFn: () => unwrap(layers.grids.$get()) })
  const sites = useQuery({ queryKey: ['layer', 'sites'], queryFn: () => unwrap(layers.sites.$get({ query: {} })) })
  const failed = [health, districts, grids, sites].find((q) => q.error)
  const siteFeatures = sites.data?.features as SiteFeature[] | undefined

  return (
    <div className="app">
      <header className="topbar">
        <h1>{t('title')}</h1>
        <div className="stats" data-testid="stats">
          <span>{t('districts')}<b>{districts.data?.features.length ?? '–'}</b></span>
          <span>{t('grids')}<b>{grids.data?.features.length ?? '–'}</b></span>
          <span>{t('sites')}<b data-testid="site-count">{siteFeatures?.length ?? '–'}</b></span>
          <span>{t('keyProjects')}<b>{siteFeatures?.filter((f) => f.properties.key).length ?? '–'}</b></span>
          <span>{t('engine')}<b>{health.data ? `${health.data.engine} · PostGIS ${health.data.postgis}` : '–'}</b></span>
        </div>
        <button type="button" onClick={() => i18n.changeLanguage(i18n.language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
      </header>
      <main className="map-wrap">
        <MapView sites={siteFeatures} />
        {failed && <div className="banner" role="alert">{t('loadFailed', { message: (failed.error as Error).message })}</div>}
        <div className="legend">
          {Object.entries(KIND_COLORS).map(([kind, color]) => (
            <div key={kind}><i style={{ background: rgb(color) }} />{t(`kind.${kind}`)}</div>
          ))}
          <small>{t('basemapNote')}</small>
        </div>
      </main>
    </div>
  )
}
