import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ACTION_KINDS, type ActionKind, type ReplyState } from '../../server/domain/accountability.ts'
import { unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { navigate } from '../ui/router.ts'
import { ActionDetail } from './action-detail.tsx'
import { IssueForm } from './action-forms.tsx'
import { type AccountabilityTabProps, OFFICE_ROLES } from './AccountabilityScreen.tsx'

const STATES: ReplyState[] = ['pending', 'overdue', 'on_time', 'late']

/** The actions list (filters, export) and the office's form; `/accountability/actions/<id>` opens one, `/new/<district>/<kind>` the form prefilled. */
export function ActionsTab({ api, role, rest }: AccountabilityTabProps) {
  const id = Number(rest[0])
  if (Number.isInteger(id) && id > 0) return <ActionDetail api={api} role={role} id={id} />
  const prefill = rest[0] === 'new' ? { districtId: rest[1] ?? '', kind: (rest[2] ?? 'supervision_letter') as ActionKind } : null
  return <ActionList api={api} role={role} prefill={prefill} />
}

function ActionList({ api, role, prefill }: Pick<AccountabilityTabProps, 'api' | 'role'> & { prefill: { districtId: string; kind: ActionKind } | null }) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<ActionKind | ''>('')
  const [state, setState] = useState<ReplyState | ''>('')
  const filters = { ...(kind ? { kind } : {}), ...(state ? { state } : {}) }
  const list = useQuery({ queryKey: ['accountability-actions', filters], queryFn: () => unwrap(api.api.accountability.actions.$get({ query: filters })) })
  const actions = list.data?.actions ?? []
  return (
    <section data-testid="accountability-actions">
      <h2>{t('accountability.tab.actions')}</h2>
      <div className="inline-form">
        <select value={kind} onChange={(e) => setKind(e.target.value as ActionKind | '')} aria-label={t('accountability.col.kind')} data-testid="action-kind-filter">
          <option value="">{t('accountability.filter.allKinds')}</option>
          {ACTION_KINDS.map((k) => <option key={k} value={k}>{t(`accountability.kind.${k}`)}</option>)}
        </select>
        <select value={state} onChange={(e) => setState(e.target.value as ReplyState | '')} aria-label={t('accountability.col.state')} data-testid="action-state-filter">
          <option value="">{t('accountability.filter.allStates')}</option>
          {STATES.map((s) => <option key={s} value={s}>{t(`accountability.state.${s}`)}</option>)}
        </select>
        {list.data && <span className="muted">{t('accountability.total', { count: actions.length })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('accountability.title')}
          request={(format) => api.api.accountability.actions.export.$get({ query: { ...filters, format } })} />
      </div>
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('accountability.col.code')}</th><th>{t('accountability.col.kind')}</th><th>{t('accountability.col.district')}</th>
          <th>{t('accountability.col.reason')}</th><th>{t('accountability.col.issuedAt')}</th><th>{t('accountability.col.deadline')}</th><th>{t('accountability.col.state')}</th>
        </tr></thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id} onClick={() => navigate(`/accountability/actions/${a.id}`)} data-testid={`action-${a.id}`}>
              <td><a href={`/accountability/actions/${a.id}`} onClick={(e) => e.preventDefault()}>{a.code}</a></td>
              <td>{t(`accountability.kind.${a.kind}`)}</td><td>{a.district}</td><td>{a.reason}</td>
              <td>{beijingMinute(a.issuedAt)}</td><td>{a.deadline}</td>
              <td className={a.state === 'overdue' || a.state === 'late' ? 'warn' : ''} data-state={a.state}>{t(`accountability.state.${a.state}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && actions.length === 0 && <p className="muted">{t('accountability.none')}</p>}
      {OFFICE_ROLES.includes(role) && <IssueForm api={api} prefill={prefill} />}
    </section>
  )
}
