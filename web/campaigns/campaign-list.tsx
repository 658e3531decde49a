import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CAMPAIGN_KINDS, type CampaignKind, type CampaignStatus } from '../../server/domain/campaign.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { linkTo } from '../registry/enterprise-types.ts'

/** The campaigns covering the user's zone, by status and kind; each links to its page. */
export function CampaignList({ api, mayCreate }: { api: ApiClient; mayCreate: boolean }) {
  const { t } = useTranslation()
  const [status, setStatus] = useState<CampaignStatus | ''>('')
  const [kind, setKind] = useState<CampaignKind | ''>('')
  const query = { ...(status ? { status } : {}), ...(kind ? { kind } : {}) }
  const list = useQuery({ queryKey: ['campaigns', query], placeholderData: keepPreviousData, queryFn: () => unwrap(api.api.campaigns.$get({ query })) })
  return (
    <section className="registry-list" data-testid="campaign-list">
      <div className="toolbar">
        <select value={status} aria-label={t('campaigns.col.status')} onChange={(e) => setStatus(e.target.value as CampaignStatus | '')}>
          <option value="">{t('campaigns.anyStatus')}</option>
          {(['planned', 'running', 'finished'] as const).map((s) => <option key={s} value={s}>{t(`campaigns.status.${s}`)}</option>)}
        </select>
        <select value={kind} aria-label={t('campaigns.col.kind')} onChange={(e) => setKind(e.target.value as CampaignKind | '')}>
          <option value="">{t('campaigns.anyKind')}</option>
          {CAMPAIGN_KINDS.map((k) => <option key={k} value={k}>{t(`campaigns.kind.${k}`)}</option>)}
        </select>
        {mayCreate && <a className="button" {...linkTo('/campaigns/campaigns/new', navigate)} data-testid="campaign-new">{t('campaigns.new')}</a>}
      </div>
      {list.error && <p className="form-error" role="alert">{(list.error as Error).message}</p>}
      {list.data && (list.data.campaigns.length === 0 ? <p className="muted">{t('campaigns.none')}</p> : (
        <table className="grid-table">
          <thead>
            <tr>
              <th>{t('campaigns.col.name')}</th><th>{t('campaigns.col.kind')}</th><th>{t('campaigns.col.period')}</th><th>{t('campaigns.col.scope')}</th>
              <th>{t('campaigns.col.status')}</th><th>{t('campaigns.col.targets')}</th><th>{t('campaigns.col.inspectedSites')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.campaigns.map((c) => (
              <tr key={c.id} data-testid={`campaign-row-${c.id}`} data-status={c.status}>
                <td><a {...linkTo(`/campaigns/campaigns/${c.id}`, navigate)}>{c.name}</a></td>
                <td>{t(`campaigns.kind.${c.kind}`)}</td><td>{c.startsOn} – {c.endsOn}</td><td>{t(`campaigns.scope.${c.scopeKind}`)}</td>
                <td>{t(`campaigns.status.${c.status}`)}</td><td>{c.targets}</td><td>{c.inspectedSites}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  )
}
