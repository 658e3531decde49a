import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import type { ApiClient, SessionUser } from '../api.ts'
import { navigate, usePath } from '../ui/router.ts'
import { CampaignsTab } from './CampaignsTab.tsx'
import { ChemicalsTab } from './ChemicalsTab.tsx'
import { PatrolTab } from './PatrolTab.tsx'
import { ScaffoldTab } from './ScaffoldTab.tsx'

const TABS = ['campaigns', 'chemicals', 'scaffold', 'patrol'] as const
export type CampaignsTabId = (typeof TABS)[number]

/** What a tab gets: the API, who is looking, and the rest of the path (`/campaigns/<tab>/<rest>`), say an id. */
export interface CampaignsTabProps { api: ApiClient; user: SessionUser; role: Role; rest: string }

/**
 * 专项治理: the special actions the office runs (专项行动), the hazardous-chemicals campaign, scaffold component spot
 * checks and the third-party patrol pilot. A patrol firm's staff see their patrol tab and nothing else.
 */
export function CampaignsScreen({ api, user, header }: { api: ApiClient; user: SessionUser; header: React.ReactNode }) {
  const { t } = useTranslation()
  const path = usePath()
  const tabs: readonly CampaignsTabId[] = user.role === 'patrol' ? ['patrol'] : TABS
  const [, , segment = tabs[0], ...rest] = path.split('/')
  const tab: CampaignsTabId = (tabs as readonly string[]).includes(segment) ? segment as CampaignsTabId : tabs[0]
  const props: CampaignsTabProps = { api, user, role: user.role as Role, rest: rest.join('/') }
  return (
    <div className="app admin campaigns">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      {tabs.length > 1 && (
        <nav className="tabs" role="tablist">
          {tabs.map((id) => (
            <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`campaigns-tab-${id}`}
              onClick={() => navigate(`/campaigns/${id}`)}>{t(`campaignsScreen.tab.${id}`)}</button>
          ))}
        </nav>
      )}
      <main className="admin-body">
        {tab === 'campaigns' && <CampaignsTab {...props} />}
        {tab === 'chemicals' && <ChemicalsTab {...props} />}
        {tab === 'scaffold' && <ScaffoldTab {...props} />}
        {tab === 'patrol' && <PatrolTab {...props} />}
      </main>
    </div>
  )
}
