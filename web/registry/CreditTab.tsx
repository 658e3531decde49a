import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { navigate } from '../ui/router.ts'
import { CreditHistory } from './CreditHistory.tsx'
import { CreditModel } from './credit-model.tsx'
import type { RegistryTabProps } from './RegistryScreen.tsx'

const KINDS = ['contractor', 'supervisor', 'crane_owner', 'crane_installer', 'testing', 'owner', 'designer', 'surveyor', 'crane_maintainer'] as const
type Kind = (typeof KINDS)[number]

/** 信用评价: the firms of the zone ranked by credit, lowest first; a firm's page explains its score and history. */
export function CreditTab({ api, rest }: RegistryTabProps) {
  const id = Number(rest)
  if (Number.isInteger(id) && id > 0) return <FirmCredit api={api} id={id} />
  return <CreditRanking api={api} />
}

function FirmCredit({ api, id }: { api: RegistryTabProps['api']; id: number }) {
  const { t } = useTranslation()
  const firm = useQuery({ queryKey: ['credit', id], queryFn: () => unwrap(api.api.credit.enterprises[':id'].$get({ param: { id: String(id) } })) })
  return (
    <section>
      <button type="button" className="link" onClick={() => navigate('/registry/credit')}>← {t('credit.back')}</button>
      <h2>{firm.data?.name ?? ''}</h2>
      <CreditHistory api={api} enterpriseId={id} />
    </section>
  )
}

function CreditRanking({ api }: { api: RegistryTabProps['api'] }) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<Kind | ''>('')
  const [order, setOrder] = useState<'asc' | 'desc'>('asc')
  const [active, setActive] = useState(true)
  const filters = { ...(kind ? { kind } : {}), order, active: String(active) as 'true' | 'false' }
  const ranking = useQuery({ queryKey: ['credit-ranking', filters], queryFn: () => unwrap(api.api.credit.enterprises.$get({ query: { ...filters, limit: '500' } })) })
  return (
    <section data-testid="credit-ranking">
      <h2>{t('credit.ranking')}</h2>
      <div className="inline-form">
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind | '')} aria-label={t('credit.col.kinds')} data-testid="credit-kind">
          <option value="">{t('credit.allKinds')}</option>
          {KINDS.map((k) => <option key={k} value={k}>{t(`credit.kind.${k}`)}</option>)}
        </select>
        <select value={order} onChange={(e) => setOrder(e.target.value as 'asc' | 'desc')} aria-label={t('credit.col.score')}>
          <option value="asc">{t('credit.order.asc')}</option><option value="desc">{t('credit.order.desc')}</option>
        </select>
        <label><input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('credit.activeOnly')}</label>
        {ranking.data && <span className="muted">{t('credit.total', { count: ranking.data.total })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('credit.ranking')}
          request={(format) => api.api.credit.enterprises.export.$get({ query: { ...filters, format } })} />
      </div>
      {ranking.error && <p role="alert" className="form-error">{(ranking.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('credit.col.rank')}</th><th>{t('credit.col.name')}</th><th>{t('credit.col.kinds')}</th><th>{t('credit.col.grade')}</th>
          <th>{t('credit.col.score')}</th><th>{t('credit.col.activeSites')}</th><th>{t('credit.col.periodEnd')}</th>
        </tr></thead>
        <tbody>
          {(ranking.data?.items ?? []).map((f, i) => (
            <tr key={f.id} onClick={() => navigate(`/registry/credit/${f.id}`)} data-testid={`credit-firm-${f.id}`}>
              <td>{i + 1}</td>
              <td><a href={`/registry/credit/${f.id}`} onClick={(e) => e.preventDefault()}>{f.name}</a></td>
              <td>{f.kinds.map((k) => t(`credit.kind.${k}`)).join('、')}</td>
              <td className={f.grade === 'B' || f.grade === 'C' ? 'warn' : ''}>{f.grade}</td>
              <td>{f.score.toFixed(1)}</td><td>{f.activeSites}</td><td>{f.periodEnd}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CreditModel api={api} />
    </section>
  )
}
