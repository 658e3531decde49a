import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import type { ApiClient, SessionUser } from '../api.ts'
import { navigate, usePath } from '../ui/router.ts'
import { AccidentsTab } from './AccidentsTab.tsx'
import { ActionsTab } from './ActionsTab.tsx'
import { DistrictsTab } from './DistrictsTab.tsx'
import './accountability.css'

const TABS = ['actions', 'accidents', 'districts'] as const
type AccountabilityTab = (typeof TABS)[number]

/** What a tab gets: the API, the viewer's role and the rest of the path (`/accountability/<tab>/<rest>`). */
export interface AccountabilityTabProps { api: ApiClient; role: Role; rest: string[] }

/** The city office's roles, who issue actions and follow accidents up; everyone else reads (a district replies). */
export const OFFICE_ROLES: readonly Role[] = ['admin', 'city_command']

/**
 * 督办问责: letters, talks and notices against districts with the district's reply; accidents with their
 * investigation and 一案双查 penalties; and the districts ranked by safety concern with suggested actions.
 */
export function AccountabilityScreen({ api, user, header }: { api: ApiClient; user: SessionUser; header: React.ReactNode }) {
  const { t } = useTranslation()
  const path = usePath()
  const [, , segment = 'actions', ...rest] = path.split('/')
  const tab: AccountabilityTab = (TABS as readonly string[]).includes(segment) ? segment as AccountabilityTab : 'actions'
  const props: AccountabilityTabProps = { api, role: user.role as Role, rest }
  return (
    <div className="app admin accountability">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <nav className="tabs" role="tablist">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`accountability-tab-${id}`}
            onClick={() => navigate(`/accountability/${id}`)}>{t(`accountability.tab.${id}`)}</button>
        ))}
      </nav>
      <main className="admin-body">
        {tab === 'actions' && <ActionsTab {...props} />}
        {tab === 'accidents' && <AccidentsTab {...props} />}
        {tab === 'districts' && <DistrictsTab {...props} />}
      </main>
    </div>
  )
}
