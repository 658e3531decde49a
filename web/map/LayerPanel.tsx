import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { LAYER_IDS, type LayerId, type LayerSettings, type SiteColouring } from './layer-settings.ts'
import { COVERAGE_STOPS, GRADE_COLORS, HEALTH_COLORS, KIND_COLORS, MEASURE_COLORS, NO_CAMERA, OFFLINE_CAMERA, rgb } from './layers/colors.ts'
import { CAMPAIGN_COLORS } from './layers/testing-campaigns-layer.ts'

interface Props {
  settings: LayerSettings
  colouring: SiteColouring
  onToggle(id: LayerId): void
  onOpacity(id: LayerId, opacity: number): void
  onColouring(colouring: SiteColouring): void
}

/** The export of each layer drawn from the portal's own data (sites export from the filter bar, as filtered). */
const EXPORTS: Partial<Record<LayerId, string>> = { cameras: 'cameras', grids: 'grids', keyProjects: 'key-projects', demoZone: 'demo-zone', districts: 'districts' }

/** Toggles, opacity, a legend and downloads for every layer. */
export function LayerPanel({ settings, colouring, onToggle, onOpacity, onColouring }: Props) {
  const { t } = useTranslation()
  return (
    <aside className="layer-panel" aria-label={t('layers.title')}>
      <h2>{t('layers.title')}</h2>
      {LAYER_IDS.map((id) => (
        <section key={id} className="layer-row">
          <label>
            <input type="checkbox" data-testid={`toggle-${id}`} checked={settings[id].visible} onChange={() => onToggle(id)} />
            {t(`layers.${id}`)}
          </label>
          <input type="range" min={0} max={1} step={0.1} value={settings[id].opacity} aria-label={t('layers.opacity')}
            onChange={(e) => onOpacity(id, Number(e.target.value))} disabled={!settings[id].visible} />
          {id === 'sites' && (
            <select value={colouring} onChange={(e) => onColouring(e.target.value as SiteColouring)} aria-label={t('layers.colourBy')}>
              <option value="risk">{t('layers.byRisk')}</option>
              <option value="kind">{t('layers.byKind')}</option>
              <option value="coverage">{t('layers.byCoverage')}</option>
            </select>
          )}
          {settings[id].visible && <Legend id={id} colouring={colouring} />}
          {EXPORTS[id] && (
            <p className="layer-downloads">{t('layers.download')}{' '}
              {(['geojson', 'csv'] as const).map((format) => (
                // A plain link: a GET with the session cookie, answered as an attachment with its Chinese file name.
                <a key={format} href={`/api/exports/layers/${EXPORTS[id]}?format=${format}`} download data-testid={`download-${id}-${format}`}>{format === 'geojson' ? 'GeoJSON' : 'CSV'}</a>
              ))}
            </p>
          )}
        </section>
      ))}
    </aside>
  )
}

const COVERAGE_RAMP = `linear-gradient(90deg, ${COVERAGE_STOPS.map(rgb).join(', ')})`

function siteEntries(colouring: SiteColouring, t: TFunction): [string, string][] {
  const colours: [string, string][] = colouring === 'risk'
    ? Object.entries(GRADE_COLORS).map(([grade, c]) => [rgb(c), t(`grade.${grade}`)])
    : colouring === 'kind' ? Object.entries(KIND_COLORS).map(([kind, c]) => [rgb(c), t(`kind.${kind}`)])
    : [[COVERAGE_RAMP, t('legend.coverage')]]
  return [...colours, ['ring:rgb(255, 255, 255)', t('legend.keyRing')], ['rgb(120, 140, 170)', t('legend.cluster')], ['transparent', t('legend.footprint')]]
}

function legendEntries(id: LayerId, colouring: SiteColouring, t: TFunction): [string, string][] {
  switch (id) {
    case 'sites': return siteEntries(colouring, t)
    case 'keyProjects': return MEASURE_COLORS.map((c, n) => [rgb(c), t('legend.measures', { n })])
    case 'cameras': return [['rgb(80, 200, 255)', t('legend.online')], ['rgb(255, 70, 70)', t('legend.offline')],
      [COVERAGE_RAMP, t('legend.coverage')], [`ring:${rgb(NO_CAMERA)}`, t('legend.noCamera')], [`ring:${rgb(OFFLINE_CAMERA)}`, t('legend.offlineCamera')]]
    case 'devices': return [
      // Decommissioned devices are not on the map.
      ...Object.entries(HEALTH_COLORS).filter(([health]) => health !== 'decommissioned').map(([health, c]): [string, string] => [rgb(c), t(`liveDevices.health.${health}`)]),
      ['transparent', t('liveDevices.legendDust')], ['transparent', t('liveDevices.legendZoom')]]
    case 'testingCampaigns': return Object.entries(CAMPAIGN_COLORS).map(([material, c]) => [rgb(c), t(`testing.campaign.${material}`)])
    case 'heatmap': return [['linear-gradient(90deg, #ffffb2, #fd8d3c, #bd0026)', t('legend.lowToHigh')]]
    case 'demoZone': return [['rgb(90, 220, 110)', t('layers.demoZone')]]
    case 'grids': return [['rgb(150, 180, 230)', t('legend.gridHint')]]
    default: return [['rgb(159, 184, 224)', t('legend.boundary')]]
  }
}

/** A swatch per entry; `ring:` entries are drawn as the outlined circles the map uses for them. */
function Legend({ id, colouring }: { id: LayerId; colouring: SiteColouring }) {
  const { t } = useTranslation()
  return (
    <ul className="legend-list" data-testid={`legend-${id}`}>
      {legendEntries(id, colouring, t).map(([swatch, label]) => (
        <li key={label}>
          {swatch.startsWith('ring:') ? <i className="ring" style={{ borderColor: swatch.slice(5) }} /> : <i style={{ background: swatch }} />}
          {label}
        </li>
      ))}
    </ul>
  )
}
