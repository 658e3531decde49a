import type { FeatureCollection } from 'geojson'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { type SiteFilter, withValue } from './site-filter.ts'

interface Props { api: ApiClient; filter: SiteFilter; districts?: FeatureCollection; onChange(filter: SiteFilter): void }

const KINDS = ['housing', 'municipal', 'rail_transit', 'small_temporary']
const STAGES = ['earthworks', 'main_structure', 'finishing', 'completed']
const GRADES = ['red', 'orange', 'yellow', 'blue']
const COVERAGE = ['0.3', '0.5', '0.8']

/** District, kind, stage, risk grade, 超危大, key project and camera coverage: one filter for map, counts and list. */
export function SiteFilters({ api, filter, districts, onChange }: Props) {
  const { t } = useTranslation()
  const select = (key: keyof SiteFilter, options: [string, string][]) => (
    <select data-testid={`filter-${key}`} aria-label={t(`filters.${key}`)} value={filter[key] ?? ''}
      onChange={(e) => onChange(withValue(filter, key, e.target.value))}>
      <option value="">{t(`filters.${key}`)}：{t('filters.all')}</option>
      {options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
    </select>
  )
  const check = (key: 'beyondScale' | 'key') => (
    <label><input type="checkbox" data-testid={`filter-${key}`} checked={filter[key] === 'true'}
      onChange={(e) => onChange(withValue(filter, key, e.target.checked ? 'true' : ''))} />{t(`filters.${key}`)}</label>
  )
  return (
    <div className="filters" role="search">
      {select('district', (districts?.features ?? []).map((f) => [String(f.id), String(f.properties?.name)]))}
      {select('kind', KINDS.map((k) => [k, t(`kind.${k}`)]))}
      {select('stage', STAGES.map((s) => [s, t(`stage.${s}`)]))}
      {select('grade', GRADES.map((g) => [g, t(`grade.${g}`)]))}
      {select('coverageBelow', COVERAGE.map((c) => [c, t('filters.below', { pct: Number(c) * 100 })]))}
      {check('beyondScale')}
      {check('key')}
      {Object.keys(filter).length > 0 && <button type="button" onClick={() => onChange({})}>{t('filters.clear')}</button>}
      {/* What the filters show, as a file: the server applies the same filters and the same zone. */}
      <span className="filters-export">{t('planning.export')}：
        <ExportButtons fileName="sites" request={(format) => api.api.exports.sites.$get({ query: { ...filter, format } })} /></span>
    </div>
  )
}
