import { useTranslation } from 'react-i18next'
import { Section } from '../ui/Panel.tsx'

export interface HazardDraft { severity: 'major' | 'general'; category: string; description: string; deadline: string; notice: string }

interface Props { drafts: HazardDraft[]; onChange(drafts: HazardDraft[]): void; noticeTypes: readonly string[]; defaultDeadline: string }

/** The hazards an inspection found, each with its severity, deadline and (optionally) the notice to issue. */
export function HazardDrafts({ drafts, onChange, noticeTypes, defaultDeadline }: Props) {
  const { t } = useTranslation()
  const update = (i: number, patch: Partial<HazardDraft>) => onChange(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)))
  return (
    <Section title={t('inspect.hazards', { count: drafts.length })}>
      {drafts.map((d, i) => (
        <fieldset key={i} className="hazard-draft" data-testid="hazard-draft">
          <legend>{t('inspect.hazardN', { n: i + 1 })}</legend>
          <label>{t('inspect.severity')}
            <select name="severity" value={d.severity} onChange={(e) => update(i, { severity: e.target.value as HazardDraft['severity'] })}>
              <option value="general">{t('severity.general')}</option>
              <option value="major">{t('severity.major')}</option>
            </select>
          </label>
          <label>{t('inspect.category')}<input name="category" maxLength={60} value={d.category} onChange={(e) => update(i, { category: e.target.value })} required /></label>
          <label>{t('inspect.description')}<textarea name="description" rows={2} maxLength={1000} value={d.description} onChange={(e) => update(i, { description: e.target.value })} required /></label>
          <label>{t('inspect.deadline')}<input name="deadline" type="date" value={d.deadline} onChange={(e) => update(i, { deadline: e.target.value })} required /></label>
          <label>{t('inspect.notice')}
            <select name="notice" value={d.notice} onChange={(e) => update(i, { notice: e.target.value })}>
              <option value="">{t('inspect.noNotice')}</option>
              {noticeTypes.map((n) => <option key={n} value={n}>{t(`notice.${n}`)}</option>)}
            </select>
          </label>
          <button type="button" className="link" onClick={() => onChange(drafts.filter((_, j) => j !== i))}>{t('inspect.removeHazard')}</button>
        </fieldset>
      ))}
      <button type="button" data-testid="add-hazard"
        onClick={() => onChange([...drafts, { severity: 'general', category: '', description: '', deadline: defaultDeadline, notice: '' }])}>
        {t('inspect.addHazard')}
      </button>
    </Section>
  )
}
