import { useTranslation } from 'react-i18next'
import type { FeatureCollection } from 'geojson'
import type { DrawTool, SelectionShape } from './selection-shape.ts'

export interface Criteria {
  inKeyArea?: boolean; minFloorAreaM2?: number; minFootprintM2?: number; stages?: ('earthworks' | 'main_structure' | 'finishing')[]
  minPm10Days?: number; maxReceptorDistanceM?: number; grades?: ('red' | 'orange' | 'yellow' | 'blue')[]
}
export type AreaTool = DrawTool | 'grid'

interface Props {
  criteria: Criteria; onCriteria(c: Criteria): void
  shape: SelectionShape | null; onShape(s: SelectionShape | null): void
  tool: AreaTool | null; onTool(t: AreaTool | null): void
  bufferM: number; onBuffer(m: number): void
  districts: FeatureCollection | undefined
}

const STAGES = ['earthworks', 'main_structure', 'finishing'] as const
const GRADES = ['red', 'orange', 'yellow', 'blue'] as const
const TOOLS: AreaTool[] = ['polygon', 'freehand', 'circle', 'road', 'receptor', 'grid']

const toggled = <T,>(list: T[] | undefined, value: T) => {
  const next = list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value]
  return next.length ? next : undefined
}
const numberOrUndefined = (text: string) => (text.trim() === '' || !Number.isFinite(Number(text)) ? undefined : Math.max(0, Number(text)))

/** The criteria and the area: a drawing tool, a grid picked on the map, or a district from the list. */
export function SelectionControls({ criteria, onCriteria, shape, onShape, tool, onTool, bufferM, onBuffer, districts }: Props) {
  const { t } = useTranslation()
  const set = (patch: Partial<Criteria>) => onCriteria({ ...criteria, ...patch })
  const numberField = (key: 'minFloorAreaM2' | 'minFootprintM2' | 'minPm10Days' | 'maxReceptorDistanceM', label: string) => (
    <label className="field">{label}
      <input type="number" min={0} inputMode="numeric" data-testid={`criteria-${key}`} value={criteria[key] ?? ''}
        onChange={(e) => set({ [key]: numberOrUndefined(e.target.value) })} />
    </label>
  )
  const shapeLabel = shape && (shape.type === 'circle' ? t('planning.shapeSet.circle', { r: shape.radiusM })
    : shape.type === 'buffer' ? t('planning.shapeSet.buffer', { d: shape.distanceM })
    : shape.type === 'polygon' ? t('planning.shapeSet.polygon') : t(`planning.shapeSet.${shape.type}`, { id: shape.id }))
  return (
    <div className="planner-controls" data-testid="selection-controls">
      <h3>{t('planning.area')}</h3>
      <div className="tool-row" role="toolbar">
        {TOOLS.map((id) => (
          <button key={id} type="button" data-testid={`tool-${id}`} aria-pressed={tool === id} onClick={() => onTool(tool === id ? null : id)}>
            {t(`planning.tools.${id}`)}
          </button>
        ))}
      </div>
      {tool && <p className="hint" data-testid="draw-hint">{t(`planning.drawHint.${tool}`)}</p>}
      {(tool === 'road' || tool === 'receptor' || shape?.type === 'buffer') && (
        <label className="field">{t('planning.bufferM')}
          <input type="number" min={10} max={5000} value={bufferM} data-testid="buffer-m"
            onChange={(e) => {
              const m = Math.min(5000, Math.max(10, Number(e.target.value) || 10))
              onBuffer(m)
              if (shape?.type === 'buffer') onShape({ ...shape, distanceM: m })
            }} />
        </label>
      )}
      <label className="field">{t('planning.district')}
        <select data-testid="district-shape" value={shape?.type === 'district' ? shape.id : ''}
          onChange={(e) => onShape(e.target.value ? { type: 'district', id: Number(e.target.value) } : null)}>
          <option value="">{t('planning.anyDistrict')}</option>
          {districts?.features.map((f) => <option key={f.id} value={f.id}>{String(f.properties?.name)}</option>)}
        </select>
      </label>
      {shape && (
        <p className="shape-set" data-testid="shape-set">{shapeLabel}
          <button type="button" className="link" data-testid="clear-shape" onClick={() => onShape(null)}>{t('planning.clearShape')}</button>
        </p>
      )}
      <h3>{t('planning.criteria')}</h3>
      <label className="check"><input type="checkbox" data-testid="criteria-inKeyArea" checked={criteria.inKeyArea ?? false}
        onChange={(e) => set({ inKeyArea: e.target.checked || undefined })} />{t('planning.inKeyArea')}</label>
      {numberField('minFloorAreaM2', t('planning.minFloorArea'))}
      {numberField('minFootprintM2', t('planning.minFootprint'))}
      <fieldset><legend>{t('planning.stages')}</legend>
        {STAGES.map((s) => <label key={s} className="check"><input type="checkbox" checked={criteria.stages?.includes(s) ?? false}
          onChange={() => set({ stages: toggled(criteria.stages, s) })} />{t(`stage.${s}`)}</label>)}
      </fieldset>
      {numberField('minPm10Days', t('planning.minPm10Days'))}
      {numberField('maxReceptorDistanceM', t('planning.maxReceptor'))}
      <fieldset><legend>{t('planning.grades')}</legend>
        {GRADES.map((g) => <label key={g} className="check"><input type="checkbox" checked={criteria.grades?.includes(g) ?? false}
          onChange={() => set({ grades: toggled(criteria.grades, g) })} />{t(`grade.${g}`)}</label>)}
      </fieldset>
    </div>
  )
}
