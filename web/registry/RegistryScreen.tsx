import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import type { ApiClient, SessionUser } from '../api.ts'
import { navigate, usePath } from '../ui/router.ts'
import { CranesTab } from './CranesTab.tsx'
import { CreditTab } from './CreditTab.tsx'
import { EnterprisesTab } from './EnterprisesTab.tsx'
import { PeopleTab } from './PeopleTab.tsx'
import { TestingTab } from './TestingTab.tsx'

const TABS = ['enterprises', 'people', 'cranes', 'testing', 'credit'] as const
export type RegistryTab = (typeof TABS)[number]

/** What a tab gets: the API, who is looking, and the rest of the path (`/registry/<tab>/<rest>`), say an id. */
export interface RegistryTabProps { api: ApiClient; user: SessionUser; role: Role; rest: string }

/**
 * 主体库: who builds, with what. Enterprises, their people and certificates, cranes from filing to dismantling,
 * testing institutions and their reports, and credit. The URL names the tab and the record, so a page can be linked.
 */
export function RegistryScreen({ api, user, header }: { api: ApiClient; user: SessionUser; header: React.ReactNode }) {
  const { t } = useTranslation()
  const path = usePath()
  const [, , segment = 'enterprises', ...rest] = path.split('/')
  const tab: RegistryTab = (TABS as readonly string[]).includes(segment) ? segment as RegistryTab : 'enterprises'
  const props: RegistryTabProps = { api, user, role: user.role as Role, rest: rest.join('/') }
  return (
    <div className="app admin registry">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <nav className="tabs" role="tablist">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`registry-tab-${id}`}
            onClick={() => navigate(`/registry/${id}`)}>{t(`registry.tab.${id}`)}</button>
        ))}
      </nav>
      <main className="admin-body">
        {tab === 'enterprises' && <EnterprisesTab {...props} />}
        {tab === 'people' && <PeopleTab {...props} />}
        {tab === 'cranes' && <CranesTab {...props} />}
        {tab === 'testing' && <TestingTab {...props} />}
        {tab === 'credit' && <CreditTab {...props} />}
      </main>
    </div>
  )
}
