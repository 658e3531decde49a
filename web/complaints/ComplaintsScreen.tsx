import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import type { ApiClient, SessionUser } from '../api.ts'
import { navigate, usePath } from '../ui/router.ts'
import { ComplaintAnalysis } from './complaint-analysis.tsx'
import { ComplaintList } from './complaint-list.tsx'
import { NightWorkPermits } from './night-work-permits.tsx'

const TABS = ['list', 'analysis', 'permits'] as const
type Tab = (typeof TABS)[number]

/**
 * 投诉处置: the work orders from 12345 and other channels (match, dispatch, close), the analysis page (item 13)
 * and the night-work permits complaints are read against. `/complaints/<tab>` names the tab.
 */
export function ComplaintsScreen({ api, user, header }: { api: ApiClient; user: SessionUser; header: React.ReactNode }) {
  const { t } = useTranslation()
  const [, , segment = 'list'] = usePath().split('/')
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? segment as Tab : 'list'
  const role = user.role as Role
  return (
    <div className="app admin complaints">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <nav className="tabs" role="tablist">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`complaints-tab-${id}`}
            onClick={() => navigate(`/complaints/${id}`)}>{t(`complaints.tab.${id}`)}</button>
        ))}
      </nav>
      <main className="admin-body">
        {tab === 'list' && <ComplaintList api={api} role={role} />}
        {tab === 'analysis' && <ComplaintAnalysis api={api} />}
        {tab === 'permits' && <NightWorkPermits api={api} role={role} />}
      </main>
    </div>
  )
}
