import { useTranslation } from 'react-i18next'
import { canSupervise } from '../../server/domain/roles.ts'
import { navigate } from '../ui/router.ts'
import { InstitutionRecord } from './InstitutionRecord.tsx'
import type { RegistryTabProps } from './RegistryScreen.tsx'
import { InstitutionChecksForms } from './testing-checks-form.tsx'
import { RecordReportForm } from './testing-report-form.tsx'
import { ReportsTable } from './testing-reports.tsx'
import { InstitutionsList } from './testing-institutions.tsx'

/**
 * 检测机构: `/registry/testing` lists the institutions, `/registry/testing/reports` the reports on the zone's sites
 * (with the form to record one, for those who supervise), `/registry/testing/<id>` one institution's record.
 */
export function TestingTab({ api, role, rest }: RegistryTabProps) {
  const { t } = useTranslation()
  const id = /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : null
  const page = id !== null ? 'institution' : rest === 'reports' ? 'reports' : 'institutions'
  const go = (path: string) => (e: React.MouseEvent) => { e.preventDefault(); navigate(path) }
  return (
    <div className="testing-tab">
      <nav className="inline-form">
        <a href="/registry/testing" aria-current={page === 'institutions' ? 'page' : undefined} onClick={go('/registry/testing')}>{t('testing.institutions')}</a>
        <a href="/registry/testing/reports" aria-current={page === 'reports' ? 'page' : undefined} onClick={go('/registry/testing/reports')} data-testid="testing-reports-link">{t('testing.reports')}</a>
      </nav>
      {page === 'institutions' && <InstitutionsList api={api} />}
      {page === 'reports' && (
        <>
          {canSupervise(role) && <RecordReportForm api={api} />}
          <ReportsTable api={api} filter={{}} columns={['site', 'institution']} />
        </>
      )}
      {id !== null && (
        <>
          <a href="/registry/testing" onClick={go('/registry/testing')}>{t('testing.back')}</a>
          <InstitutionRecord api={api} enterpriseId={id} />
          {role === 'admin' && <InstitutionChecksForms api={api} institutionId={id} />}
        </>
      )}
    </div>
  )
}
