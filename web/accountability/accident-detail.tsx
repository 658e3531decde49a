import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { FormError } from '../ui/FormError.tsx'
import { navigate } from '../ui/router.ts'
import { InvestigationForm, PenaltyForm } from './accident-forms.tsx'
import { OFFICE_ROLES } from './AccountabilityScreen.tsx'

/** One accident: what happened, the investigation, the penalties to each party (一案双查) and the actions citing it. */
export function AccidentDetail({ api, role, id }: { api: ApiClient; role: Role; id: number }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const key = ['accountability-accident', id]
  const accident = useQuery({ queryKey: key, queryFn: () => unwrap(api.api.accountability.accidents[':id'].$get({ param: { id: String(id) } })) })
  const withdraw = useMutation({
    mutationFn: (penaltyId: number) => unwrap(api.api.accountability.accidents[':id'].penalties[':penaltyId'].$delete({ param: { id: String(id), penaltyId: String(penaltyId) } })),
    onSuccess: (updated) => queryClient.setQueryData(key, updated),
  })
  const office = OFFICE_ROLES.includes(role)
  const a = accident.data
  return (
    <section data-testid="accident-detail">
      <button type="button" className="link" onClick={() => navigate('/accountability/accidents')}>← {t('accountability.back')}</button>
      {accident.error && <p role="alert" className="form-error">{(accident.error as Error).message}</p>}
      {a && <>
        <h2>{a.siteName} · {t(`accountability.accident.grade.${a.grade}`)}</h2>
        <dl className="facts">
          <dt>{t('accountability.accident.col.occurredAt')}</dt><dd>{beijingMinute(a.occurredAt)}</dd>
          <dt>{t('accountability.accident.col.district')}</dt><dd>{a.district}</dd>
          <dt>{t('accountability.accident.col.casualties')}</dt><dd>{t('accountability.accident.casualties', { deaths: a.deaths, injuries: a.injuries })}</dd>
          <dt>{t('accountability.accident.description')}</dt><dd>{a.description}</dd>
          <dt>{t('accountability.accident.col.investigation')}</dt>
          <dd>{a.investigationClosedOn ? t('accountability.accident.closed', { day: a.investigationClosedOn }) : t('accountability.accident.open')}</dd>
          <dt>{t('accountability.accident.col.double')}</dt>
          <dd data-testid="double-investigation" data-complete={a.doubleInvestigation.complete} className={a.doubleInvestigation.complete ? '' : 'warn'}>
            {t(`accountability.accident.double.${a.doubleInvestigation.complete ? 'complete' : 'incomplete'}`)} ·{' '}
            {t('accountability.accident.double.detail', a.doubleInvestigation)}
          </dd>
        </dl>
        <h3>{t('accountability.accident.investigation')}</h3><p data-testid="investigation">{a.investigation || '—'}</p>
        <h3>{t('accountability.accident.penalties')}</h3>
        <table className="grid-table" data-testid="penalties">
          <thead><tr>{(['partyKind', 'partyName', 'partyRole', 'penalty', 'amount', 'decidedOn', 'documentNo'] as const)
            .map((c) => <th key={c}>{t(`accountability.accident.penalty.${c}`)}</th>)}{office && <th />}</tr></thead>
          <tbody>
            {a.penalties.map((p) => (
              <tr key={p.id} data-testid={`penalty-${p.id}`}>
                <td>{t(`accountability.accident.partyKind.${p.partyKind}`)}</td><td>{p.partyName}</td><td>{p.partyRole}</td>
                <td>{t(`accountability.accident.penaltyKind.${p.penalty}`)}{p.topOfRange && <b className="warn"> · {t('accountability.accident.penalty.top')}</b>}</td>
                <td>{p.amountYuan?.toLocaleString() ?? ''}</td><td>{p.decidedOn}</td><td>{p.documentNo}</td>
                {office && <td><button type="button" className="link" onClick={() => withdraw.mutate(p.id)}>{t('accountability.accident.penalty.remove')}</button></td>}
              </tr>
            ))}
          </tbody>
        </table>
        <FormError error={withdraw.error} />
        {office && <div className="forms">
          <PenaltyForm api={api} accidentId={id} onSaved={(updated) => queryClient.setQueryData(key, updated)} />
          <InvestigationForm api={api} accident={a} onSaved={(updated) => queryClient.setQueryData(key, updated)} />
        </div>}
        {a.actions.length > 0 && <>
          <h3>{t('accountability.accident.actions')}</h3>
          <ul>{a.actions.map((x) => <li key={x.id}><a href={`/accountability/actions/${x.id}`}
            onClick={(e) => { e.preventDefault(); navigate(`/accountability/actions/${x.id}`) }}>{x.code}</a></li>)}</ul>
        </>}
      </>}
    </section>
  )
}
