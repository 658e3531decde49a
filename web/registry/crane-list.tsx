import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'

export type CraneMachine = InferResponseType<ApiClient['api']['cranes']['$get'], 200>['items'][number]
type MachineQuery = NonNullable<Parameters<ApiClient['api']['cranes']['$get']>[0]>['query']

const STAGES = ['install_notified', 'inspected', 'in_use', 'dismantle_notified', 'yard', 'scrapped'] as const

export function useMachines(api: ApiClient, query: MachineQuery) {
  return useQuery({ queryKey: ['crane-machines', query], queryFn: () => unwrap(api.api.cranes.$get({ query })), placeholderData: keepPreviousData })
}

/** A machine's stage, and what is wrong with it, as tags: a crane working without a valid inspection stands out. */
export function CraneStatus({ machine }: { machine: Pick<CraneMachine, 'stage' | 'flags'> }) {
  const { t } = useTranslation()
  return (
    <>
      {t(`cranes.stage.${machine.stage}`)}
      {machine.flags.map((f) => (
        <span key={f} className={`chip ${f === 'inspection_invalid_in_use' ? 'red' : 'amber'}`} data-testid={`crane-flag-${f}`}>{t(`cranes.flag.${f}`)}</span>
      ))}
    </>
  )
}

/** Machines as a table, each linking to its page. */
export function MachinesTable({ machines }: { machines: CraneMachine[] }) {
  const { t } = useTranslation()
  const open = (id: number) => (e: React.MouseEvent) => { e.preventDefault(); navigate(`/registry/cranes/${id}`) }
  return (
    <table className="grid-table">
      <thead><tr>
        <th>{t('cranes.col.recordNo')}</th><th>{t('cranes.col.kind')}</th><th>{t('cranes.col.stage')}</th><th>{t('cranes.col.site')}</th>
        <th>{t('cranes.col.owner')}</th><th>{t('cranes.col.inspection')}</th>
      </tr></thead>
      <tbody>
        {machines.map((m) => (
          <tr key={m.id} className={m.flags.includes('inspection_invalid_in_use') ? 'selected' : ''} data-testid={`crane-${m.recordNo}`}>
            <td><a href={`/registry/cranes/${m.id}`} onClick={open(m.id)}>{m.recordNo}</a></td>
            <td>{t(`crane.${m.kind}`)}</td>
            <td><CraneStatus machine={m} /></td>
            <td>{m.siteId ? <a href={`/?sel=site:${m.siteId}`}>{m.siteCode} {m.siteName}</a> : '–'}</td>
            <td>{m.ownerId ? <a href={`/registry/enterprises/${m.ownerId}`}>{m.ownerName}</a> : m.ownerName}</td>
            <td>{m.inspection?.expiresOn ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The zone's machines, filtered by stage and searched by 备案编号 (or 使用登记编号). */
export function MachinesList({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [stage, setStage] = useState<(typeof STAGES)[number] | ''>('')
  const [q, setQ] = useState('')
  const machines = useMachines(api, { ...(stage ? { stage } : {}), ...(q.trim() ? { q: q.trim() } : {}), limit: '200' })
  return (
    <section data-testid="crane-machines">
      <div className="inline-form">
        <select value={stage} onChange={(e) => setStage(e.target.value as typeof stage)} aria-label={t('cranes.col.stage')} data-testid="crane-stage-filter">
          <option value="">{t('cranes.anyStage')}</option>
          {STAGES.map((s) => <option key={s} value={s}>{t(`cranes.stage.${s}`)}</option>)}
        </select>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('cranes.search')} aria-label={t('cranes.search')} maxLength={40} data-testid="crane-search" />
        {machines.data && <span className="muted">{t('cranes.total', { count: machines.data.total })}</span>}
      </div>
      {machines.error && <p role="alert" className="form-error">{(machines.error as Error).message}</p>}
      <MachinesTable machines={machines.data?.items ?? []} />
    </section>
  )
}
