import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { latestDueOn } from '../../server/domain/patrol.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import type { PatrolContract } from './patrol-contracts.tsx'

export type PatrolTask = InferResponseType<ApiClient['api']['patrol']['tasks']['$get'], 200>[number]

export const usePatrolTasks = (api: ApiClient, query: { contractId?: string; status?: 'assigned' | 'reported' | 'cancelled' }) =>
  useQuery({ queryKey: ['patrol-tasks', query], queryFn: () => unwrap(api.api.patrol.tasks.$get({ query })), placeholderData: keepPreviousData })

/** Patrol work changes contracts' performance, tasks and findings together: refresh them all. */
export const refreshPatrol = (queryClient: ReturnType<typeof useQueryClient>) =>
  queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('patrol-') })

/** The station picks sites of the contract's area (those with a task open are greyed) and a due day within the terms. */
export function AssignForm({ api, contract }: { api: ApiClient; contract: PatrolContract }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [q, setQ] = useState('')
  const sites = useQuery({
    queryKey: ['patrol-sites', contract.id, q], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.patrol.contracts[':id'].sites.$get({ param: { id: String(contract.id) }, query: q.trim() ? { q: q.trim() } : {} })),
  })
  const latest = latestDueOn(contract, beijingDay(new Date()))
  const [siteIds, setSiteIds] = useState<number[]>([])
  const [dueOn, setDueOn] = useState(latest)
  const [note, setNote] = useState('')
  const assign = useMutation({
    mutationFn: () => unwrap(api.api.patrol.tasks.$post({ json: { contractId: contract.id, siteIds, dueOn, note } })),
    onSuccess: async () => { setSiteIds([]); setNote(''); await refreshPatrol(queryClient) },
  })
  return (
    <form className="record-form" data-testid="patrol-assign" onSubmit={(e) => { e.preventDefault(); assign.mutate() }}>
      <h3>{t('patrol.assign')}</h3>
      <input type="search" value={q} placeholder={t('patrol.search')} onChange={(e) => setQ(e.target.value)} aria-label={t('patrol.search')} />
      <label>{t('patrol.sites')}
        <select multiple size={8} value={siteIds.map(String)} data-testid="patrol-assign-sites"
          onChange={(e) => setSiteIds([...e.target.selectedOptions].map((o) => Number(o.value)))}>
          {(sites.data ?? []).map((s) => (
            <option key={s.id} value={s.id} disabled={s.openTaskId !== null}>
              {s.code} {s.name}{s.openTaskId !== null ? ` · ${t('patrol.hasOpenTask')}` : ''}{s.lastPatrolledOn ? ` · ${t('patrol.lastPatrolled', { day: s.lastPatrolledOn })}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>{t('patrol.dueOn')}<input type="date" value={dueOn} max={latest} required onChange={(e) => setDueOn(e.target.value)} /></label>
      <label>{t('patrol.note')}<input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} /></label>
      <FormError error={assign.error} />
      <div className="actions"><button type="submit" className="primary" disabled={assign.isPending || siteIds.length === 0}>{t('patrol.assignButton')}</button></div>
    </form>
  )
}

/** Tasks, open first; the station may cancel an open one. Sites link to the map for the office, not for the firm. */
export function TasksTable({ api, tasks, canCancel, linkSites, onReport }: {
  api: ApiClient; tasks: PatrolTask[]; canCancel: boolean; linkSites: boolean; onReport?(task: PatrolTask): void
}) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const cancel = useMutation({
    mutationFn: (id: number) => unwrap(api.api.patrol.tasks[':id'].cancel.$post({ param: { id: String(id) }, json: { note: '' } })),
    onSuccess: () => refreshPatrol(queryClient),
  })
  return (
    <>
      <FormError error={cancel.error} />
      <table className="grid-table" data-testid="patrol-tasks">
        <thead><tr>
          <th>{t('patrol.site')}</th><th>{t('patrol.status')}</th><th>{t('patrol.assignedAt')}</th><th>{t('patrol.dueOn')}</th>
          <th>{t('patrol.reportedAt')}</th><th>{t('patrol.score')}</th><th>{t('patrol.findingsCol')}</th><th />
        </tr></thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.id} data-testid={`patrol-task-${task.id}`} className={task.overdue ? 'selected' : ''}>
              <td>{linkSites ? <a href={`/?sel=site:${task.siteId}`}>{task.siteCode} {task.siteName}</a> : <>{task.siteCode} {task.siteName}</>}
                {task.note && <div className="muted">{task.note}</div>}</td>
              <td>{t(`patrol.taskStatus.${task.status}`)}{task.overdue && <strong className="warn"> · {t('patrol.late')}</strong>}</td>
              <td>{task.assignedAt.slice(0, 16).replace('T', ' ')}</td><td>{task.dueOn}</td>
              <td>{task.reportedAt ? <>{task.reportedAt.slice(0, 16).replace('T', ' ')} · {task.onTime ? t('patrol.onTime') : <strong className="warn">{t('patrol.late')}</strong>}</> : '—'}</td>
              <td>{task.score ?? '—'}</td>
              <td>{task.findings.map((f) => <div key={f.id}>{f.category} · {t(`patrol.findingStatus.${f.status}`)}</div>)}</td>
              <td>
                {canCancel && task.status === 'assigned' && <button type="button" onClick={() => cancel.mutate(task.id)} disabled={cancel.isPending}>{t('patrol.cancel')}</button>}
                {onReport && task.status === 'assigned' && <button type="button" className="primary" data-testid="patrol-report-open" onClick={() => onReport(task)}>{t('patrol.my.report')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
