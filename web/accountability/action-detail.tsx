import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { navigate } from '../ui/router.ts'
import { ReplyForm } from './action-forms.tsx'

const FIGURES = ['activeSites', 'accidents12m', 'deaths12m', 'openHazards', 'overdueHazards', 'redSites', 'meanInspectionScore', 'concern'] as const

/** One action: what it says, the district's figures it cited (as they stood when issued), and the district's reply. */
export function ActionDetail({ api, role, id }: { api: ApiClient; role: Role; id: number }) {
  const { t } = useTranslation()
  const action = useQuery({ queryKey: ['accountability-action', id], queryFn: () => unwrap(api.api.accountability.actions[':id'].$get({ param: { id: String(id) } })) })
  const a = action.data
  return (
    <section data-testid="action-detail">
      <button type="button" className="link" onClick={() => navigate('/accountability/actions')}>← {t('accountability.back')}</button>
      {action.error && <p role="alert" className="form-error">{(action.error as Error).message}</p>}
      {a && <>
        <h2 data-testid="action-code">{a.code} · {t(`accountability.kind.${a.kind}`)}</h2>
        <dl className="facts">
          <dt>{t('accountability.col.district')}</dt><dd>{a.district}</dd>
          <dt>{t('accountability.col.reason')}</dt><dd>{a.reason}</dd>
          <dt>{t('accountability.col.issuedAt')}</dt><dd>{beijingMinute(a.issuedAt)} {a.issuedBy ?? ''}</dd>
          <dt>{t('accountability.col.deadline')}</dt><dd>{a.deadline}</dd>
          {a.accidentId && <><dt>{t('accountability.col.accident')}</dt>
            <dd><a href={`/accountability/accidents/${a.accidentId}`} onClick={(e) => { e.preventDefault(); navigate(`/accountability/accidents/${a.accidentId}`) }}>#{a.accidentId}</a></dd></>}
          <dt>{t('accountability.col.state')}</dt>
          <dd className={a.state === 'overdue' || a.state === 'late' ? 'warn' : ''} data-testid="action-state" data-state={a.state}>{t(`accountability.state.${a.state}`)}</dd>
        </dl>
        <h3>{t('accountability.stat.title')} ({a.statistics.asOf})</h3>
        <table className="grid-table figures" data-testid="action-statistics">
          <tbody>{FIGURES.map((f) => <tr key={f}><th>{t(`accountability.stat.${f}`)}</th><td>{a.statistics[f] ?? '—'}</td></tr>)}</tbody>
        </table>
        {a.reply !== null
          ? <><h3>{t('accountability.col.reply')}</h3><p data-testid="action-reply">{a.reply}</p><p className="muted">{a.repliedAt && beijingMinute(a.repliedAt)} {a.repliedBy ?? ''}</p></>
          : role === 'district_supervisor' && <ReplyForm api={api} id={id} />}
      </>}
    </section>
  )
}
