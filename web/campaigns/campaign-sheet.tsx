import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ChecklistItem, scoreSheet } from '../../server/domain/campaign.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { Section } from '../ui/Panel.tsx'

export interface CampaignAnswer { campaignId: number; sheet: Record<string, boolean> }

/**
 * In the inspection form: the campaigns this site can be inspected under today, and the chosen one's checklist
 * (all lines start compliant; the inspector unticks what fails) with its score as it stands.
 */
export function CampaignSheetSection({ api, siteId, value, onChange }: { api: ApiClient; siteId: number; value: CampaignAnswer | null; onChange(v: CampaignAnswer | null): void }) {
  const { t } = useTranslation()
  const running = useQuery({ queryKey: ['site-campaigns', siteId], queryFn: () => unwrap(api.api.campaigns.site[':id'].$get({ param: { id: String(siteId) } })) })
  const campaigns = running.data?.campaigns ?? []
  if (campaigns.length === 0) return null
  const chosen = campaigns.find((c) => c.id === value?.campaignId)
  const choose = (id: number) => {
    const c = campaigns.find((x) => x.id === id)
    onChange(c ? { campaignId: c.id, sheet: Object.fromEntries(c.checklist.map((i) => [i.key, true])) } : null)
  }
  const score = chosen && value ? scoreSheet(chosen.checklist as ChecklistItem[], value.sheet) : null
  return (
    <Section title={chosen && score && typeof score !== 'string' ? t('campaigns.inspect.sheet', { score: score.score, max: score.max }) : t('campaigns.inspect.campaign')} data-testid="campaign-sheet">
      <select name="campaignId" aria-label={t('campaigns.inspect.campaign')} value={value?.campaignId ?? ''} onChange={(e) => choose(Number(e.target.value))}>
        <option value="">{t('campaigns.inspect.noCampaign')}</option>
        {campaigns.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
      {chosen && value && (
        <div className="checks">
          {chosen.checklist.map((i) => (
            <label key={i.key}><input type="checkbox" name={`campaign-${i.key}`} checked={value.sheet[i.key] ?? false}
              onChange={(e) => onChange({ ...value, sheet: { ...value.sheet, [i.key]: e.target.checked } })} />{i.label} <span className="muted">{i.points}</span></label>
          ))}
        </div>
      )}
    </Section>
  )
}
