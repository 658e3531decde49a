import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { FormError } from '../ui/FormError.tsx'
import { navigate } from '../ui/router.ts'
import { linkTo } from '../registry/enterprise-types.ts'
import { CampaignMap } from './campaign-map.tsx'

const COLUMNS = ['planned', 'inspected', 'inspections', 'findings', 'majorFindings', 'hazardsOpen', 'hazardsClosed', 'penalties', 'followedThrough'] as const

/** One campaign: what it is, how its targets were chosen, and its progress per district as a table, a map and a file. */
export function CampaignPage({ api, campaignId, role, districtId }: { api: ApiClient; campaignId: number; role: Role; districtId: number | null }) {
  const { t } = useTranslation()
  const param = { id: String(campaignId) }
  const campaign = useQuery({ queryKey: ['campaign', campaignId], queryFn: () => unwrap(api.api.campaigns[':id'].$get({ param })) })
  const progress = useQuery({ queryKey: ['campaign-progress', campaignId], queryFn: () => unwrap(api.api.campaigns[':id'].progress.$get({ param })) })
  const sites = useQuery({ queryKey: ['campaign-sites', campaignId], queryFn: () => unwrap(api.api.campaigns[':id'].sites.$get({ param })) })
  const c = campaign.data
  const mayEdit = c && (role === 'admin' || (role === 'district_supervisor' && c.scopeKind === 'districts' && c.districtIds.length === 1 && c.districtIds[0] === districtId))
  return (
    <section className="registry-page" data-testid="campaign-page">
      <a {...linkTo('/campaigns/campaigns', navigate)}>{t('campaigns.back')}</a>
      {campaign.error && <p className="form-error" role="alert">{(campaign.error as Error).message}</p>}
      {c && <>
        <h2 data-testid="campaign-name">{c.name}</h2>
        <p>
          {t(`campaigns.kind.${c.kind}`)} · {c.startsOn} – {c.endsOn} · {t(`campaigns.scope.${c.scopeKind}`)} ·{' '}
          <b data-testid="campaign-status">{t(`campaigns.status.${c.status}`)}</b>
          {c.createdBy && <span className="muted"> · {t('campaigns.detail.createdBy')} {c.createdBy}</span>}
        </p>
        {c.sampling && <p data-testid="campaign-sampling">{t('campaigns.detail.sampling', c.sampling)}</p>}
        {c.riskBoost && <p data-testid="campaign-boost">{t('campaigns.detail.boost', { factors: c.riskBoost.factors.map((f) => t(`factor.${f}`)).join('、'), multiplier: c.riskBoost.multiplier })}</p>}
        {mayEdit && <CampaignEdit api={api} id={campaignId} name={c.name} endsOn={c.endsOn} />}
        <details><summary>{t('campaigns.detail.checklist')}</summary>
          <ul>{c.checklist.map((i) => <li key={i.key}>{i.label} <span className="muted">{i.points}</span></li>)}</ul>
        </details>
      </>}
      <h3>{t('campaigns.detail.progress')}</h3>
      {c && <ExportButtons formats={['csv', 'xlsx']} fileName={`${c.name}进展`}
        request={(format) => api.api.campaigns[':id'].progress.export.$get({ param, query: { format } })} />}
      {progress.data && (
        <table className="grid-table" data-testid="campaign-progress">
          <thead><tr><th>{t('campaigns.col.district')}</th>{COLUMNS.map((k) => <th key={k}>{t(`campaigns.col.${k}`)}</th>)}<th>{t('campaigns.col.share')}</th></tr></thead>
          <tbody>
            {progress.data.districts.map((d) => (
              <tr key={d.districtId} data-district={d.districtId}>
                <td>{d.name}</td>{COLUMNS.map((k) => <td key={k}>{d[k]}</td>)}<td>{d.share === null ? '—' : `${Math.round(d.share * 100)}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('campaigns.detail.map')}</h3>
      <p className="muted">{t('campaigns.detail.legend')}</p>
      {progress.data && sites.data && <CampaignMap api={api} districts={progress.data.districts} sites={sites.data.sites} />}
    </section>
  )
}

/** Rename the campaign or move its end (a holiday period ended early stops its risk boost). */
function CampaignEdit({ api, id, name: initialName, endsOn: initialEnd }: { api: ApiClient; id: number; name: string; endsOn: string }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [name, setName] = useState(initialName)
  const [endsOn, setEndsOn] = useState(initialEnd)
  const save = useMutation({
    mutationFn: () => unwrap(api.api.campaigns[':id'].$patch({ param: { id: String(id) }, json: { name, endsOn } })),
    onSuccess: () => queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('campaign') }),
  })
  return (
    <form className="toolbar" data-testid="campaign-edit" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <input aria-label={t('campaigns.form.name')} value={name} minLength={2} maxLength={100} onChange={(e) => setName(e.target.value)} />
      <label>{t('campaigns.detail.endsOn')}<input type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} /></label>
      <button type="submit" disabled={save.isPending}>{t('campaigns.detail.save')}</button>
      <FormError error={save.error} />
    </form>
  )
}
