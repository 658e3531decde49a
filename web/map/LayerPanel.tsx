import { useTranslation } from 'react-i18next'
import { LAYER_IDS, type LayerId, type LayerSettings, type SiteColouring } from './layer-settings.ts'
import { GRADE_COLORS, KIND_COLORS, MEASURE_COLORS, rgb } from './layers/colors.ts'

interface Props {
  settings: LayerSettings
  colouring: SiteColouring
  onToggle(id: LayerId): void
  onOpacity(id: LayerId, opacity: number): void
  onColouring(colouring: SiteColouring): void
}

/** Toggles, opacity and a legend for every layer. */
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
            </select>
          )}
          {settings[id].visible && <Legend id={id} colouring={colouring} />}
        </section>
      ))}
    </aside>
  )
}

function Legend({ id, colouring }: { id: LayerId; colouring: SiteColouring }) {
  const { t } = useTranslation()
  const entries: [string, string][] =
    id === 'sites' ? (colouring === 'risk'
      ? Object.entries(GRADE_COLORS).map(([grade, c]) => [rgb(c), t(`grade.${grade}`)])
      : Object.entries(KIND_COLORS).map(([kind, c]) => [rgb(c), t(`kind.${kind}`)]))
    : id === 'keyProjects' ? MEASURE_COLORS.map((c, n) => [rgb(c), t('legend.measures', { n })])
    : id === 'cameras' ? [['rgb(80, 200, 255)', t('legend.online')], ['rgb(255, 70, 70)', t('legend.offline')]]
    : id === 'heatmap' ? [['linear-gradient(90deg, #ffffb2, #fd8d3c, #bd0026)', t('legend.lowToHigh')]]
    : id === 'demoZone' ? [['rgb(90, 220, 110)', t('layers.demoZone')]]
    : id === 'grids' ? [['rgb(150, 180, 230)', t('legend.gridHint')]]
    : [['rgb(159, 184, 224)', t('legend.boundary')]]
  return (
    <ul className="legend-list">
      {entries.map(([colour, label]) => <li key={label}><i style={{ background: colour }} />{label}</li>)}
    </ul>
  )
}
