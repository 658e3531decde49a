import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { navigate } from '../ui/router.ts'
import { ENTERPRISE_KINDS, type EnterpriseKind, linkTo } from './enterprise-types.ts'

const PAGE = 50

/** Search by name or credit code, narrow by kind and origin; each row links to the firm's page. */
export function EnterpriseList({ api, isAdmin }: { api: ApiClient; isAdmin: boolean }) {
  const { t } = useTranslation()
  const [q, setQ] = useState('')
  const [kind, setKind] = useState<EnterpriseKind | ''>('')
  const [origin, setOrigin] = useState<'local' | 'out_of_province' | ''>('')
  const [offset, setOffset] = useState(0)
  const filter = { ...(q.trim() ? { q: q.trim() } : {}), ...(kind ? { kind } : {}), ...(origin ? { origin } : {}) }
  const list = useQuery({
    queryKey: ['enterprises', filter, offset], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.enterprises.$get({ query: { ...filter, limit: String(PAGE), offset: String(offset) } })),
  })
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setOffset(0) }
  return (
    <section className="registry-list" data-testid="enterprise-list">
      <div className="toolbar">
        <input type="search" placeholder={t('enterprises.search')} aria-label={t('enterprises.search')} value={q} data-testid="enterprise-search"
          onChange={(e) => reset(setQ)(e.target.value)} />
        <select value={kind} aria-label={t('enterprises.col.kinds')} onChange={(e) => reset(setKind)(e.target.value as EnterpriseKind | '')}>
          <option value="">{t('enterprises.allKinds')}</option>
          {ENTERPRISE_KINDS.map((k) => <option key={k} value={k}>{t(`enterprises.kind.${k}`)}</option>)}
        </select>
        <select value={origin} aria-label={t('enterprises.col.origin')} onChange={(e) => reset(setOrigin)(e.target.value as typeof origin)}>
          <option value="">{t('enterprises.allOrigins')}</option>
          <option value="local">{t('enterprises.origin.local')}</option>
          <option value="out_of_province">{t('enterprises.origin.out_of_province')}</option>
        </select>
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('registry.tab.enterprises')}
          request={(format) => api.api.enterprises.export.$get({ query: { ...filter, format } })} />
        {isAdmin && <a className="button" {...linkTo('/registry/enterprises/new', navigate)} data-testid="enterprise-new">{t('enterprises.form.create')}</a>}
        {isAdmin && <a className="button" {...linkTo('/registry/enterprises/unmatched', navigate)} data-testid="enterprise-unmatched">{t('enterprises.unmatched.title')}</a>}
      </div>
      {list.error && <p className="form-error" role="alert">{(list.error as Error).message}</p>}
      {list.data && (
        <>
          <p className="muted">{t('enterprises.total', { count: list.data.total })}</p>
          <table className="grid-table">
            <thead>
              <tr>
                <th>{t('enterprises.col.name')}</th><th>{t('enterprises.col.creditCode')}</th><th>{t('enterprises.col.kinds')}</th>
                <th>{t('enterprises.col.origin')}</th><th>{t('enterprises.col.credit')}</th><th>{t('enterprises.col.activeSites')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.enterprises.map((e) => (
                <tr key={e.id}>
                  <td><a {...linkTo(`/registry/enterprises/${e.id}`, navigate)}>{e.name}</a></td>
                  <td><code>{e.creditCode}</code></td>
                  <td>{e.kinds.map((k) => t(`enterprises.kind.${k}`)).join('、')}</td>
                  <td>{t(`enterprises.origin.${e.origin}`)}</td>
                  <td>{e.credit ? `${e.credit.grade} · ${e.credit.score}` : <span className="muted">{t('enterprises.unrated')}</span>}</td>
                  <td>{e.activeSites}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('enterprises.prev')}</button>
            <button type="button" disabled={offset + PAGE >= list.data.total} onClick={() => setOffset(offset + PAGE)}>{t('enterprises.next')}</button>
          </div>
        </>
      )}
    </section>
  )
}
