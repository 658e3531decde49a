import { useTranslation } from 'react-i18next'
import { canSupervise } from '../../server/domain/roles.ts'
import { navigate } from '../ui/router.ts'
import type { CampaignsTabProps } from './CampaignsScreen.tsx'
import { SamplingForm } from './scaffold-form.tsx'
import { ManufacturerRanking } from './scaffold-manufacturers.tsx'
import { SamplingsTable } from './scaffold-samplings.tsx'

/**
 * 盘扣抽查抽测: `/campaigns/scaffold` lists the zone's samplings (with the form to record one, for those who
 * supervise), `/campaigns/scaffold/manufacturers` ranks the manufacturers by failure rate across the city.
 */
export function ScaffoldTab({ api, role, rest }: CampaignsTabProps) {
  const { t } = useTranslation()
  const page = rest === 'manufacturers' ? 'manufacturers' : 'samplings'
  const go = (path: string) => (e: React.MouseEvent) => { e.preventDefault(); navigate(path) }
  return (
    <div className="scaffold-tab">
      <nav className="inline-form">
        <a href="/campaigns/scaffold" aria-current={page === 'samplings' ? 'page' : undefined} onClick={go('/campaigns/scaffold')}>{t('scaffold.samplings')}</a>
        <a href="/campaigns/scaffold/manufacturers" aria-current={page === 'manufacturers' ? 'page' : undefined} onClick={go('/campaigns/scaffold/manufacturers')}
          data-testid="scaffold-manufacturers-link">{t('scaffold.manufacturers')}</a>
      </nav>
      {page === 'samplings' && (
        <>
          {canSupervise(role) && <SamplingForm api={api} />}
          <SamplingsTable api={api} />
        </>
      )}
      {page === 'manufacturers' && <ManufacturerRanking api={api} />}
    </div>
  )
}
