import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { CONCERN_THRESHOLD } from '../../server/domain/accountability.ts'
import { unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { type AccountabilityTabProps, OFFICE_ROLES } from './AccountabilityScreen.tsx'

/** The districts by safety concern, their figures, and for the candidates what to issue next (the office opens the form prefilled). */
export function DistrictsTab({ api, role }: AccountabilityTabProps) {
  const { t } = useTranslation()
  const districts = useQuery({ queryKey: ['accountability-districts'], queryFn: () => unwrap(api.api.accountability.districts.$get()) })
  return (
    <section data-testid="accountability-districts">
      <h2>{t('accountability.districts.title')}</h2>
      <p className="muted">{t('accountability.districts.hint')}</p>
      {districts.error && <p role="alert" className="form-error">{(districts.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('accountability.districts.col.rank')}</th><th>{t('accountability.districts.col.district')}</th><th>{t('accountability.districts.col.concern')}</th>
          <th>{t('accountability.stat.accidents12m')}</th><th>{t('accountability.stat.deaths12m')}</th><th>{t('accountability.stat.overdueHazards')}</th>
          <th>{t('accountability.stat.redSites')}</th><th>{t('accountability.stat.meanInspectionScore')}</th><th>{t('accountability.districts.col.reasons')}</th>
          <th>{t('accountability.districts.col.openActions')}</th><th>{t('accountability.districts.col.suggested')}</th>
        </tr></thead>
        <tbody>
          {(districts.data?.districts ?? []).map((d, i) => (
            <tr key={d.districtId} data-testid={`district-${d.districtId}`} data-candidate={d.concern >= CONCERN_THRESHOLD} data-suggested={d.suggested ?? ''}>
              <td>{i + 1}</td><td>{d.name}</td>
              <td className={d.concern >= CONCERN_THRESHOLD ? 'warn' : ''}>{d.concern}{d.concern >= CONCERN_THRESHOLD && ` · ${t('accountability.districts.candidate')}`}</td>
              <td>{d.accidents12m}</td><td>{d.deaths12m}</td><td>{d.overdueHazards}</td><td>{d.redSites}</td><td>{d.meanInspectionScore ?? '—'}</td>
              <td>{d.reasons.map((r) => t(`accountability.reason.${r}`)).join('、')}</td>
              <td className={d.overdueReplies > 0 ? 'warn' : ''}>{d.openActions}</td>
              <td>{d.suggested && <>
                {t(`accountability.kind.${d.suggested}`)}
                {OFFICE_ROLES.includes(role) && <button type="button" className="link issue" data-testid={`issue-${d.districtId}`}
                  onClick={() => navigate(`/accountability/actions/new/${d.districtId}/${d.suggested}`)}>{t('accountability.districts.issue')}</button>}
              </>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
