import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { canSupervise } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import type { CampaignsTabProps } from './CampaignsScreen.tsx'
import { ChemicalDangers } from './chemical-dangers.tsx'
import { ChemicalForm } from './chemical-form.tsx'
import { ChemicalInventory } from './chemical-inventory.tsx'
import { ChemicalMap } from './chemical-map.tsx'
import { SurveyForm, SurveyList } from './chemical-surveys.tsx'

const PAGES = ['inventory', 'surveys', 'dangers', 'map'] as const
type Page = (typeof PAGES)[number]

/**
 * 危化品专项治理: `/campaigns/chemicals/<page>` — the inventory (台账), risk identifications (风险辨识), the hidden-danger
 * list (隐患清单) and the map with sensitive receptors, under the campaign's KPIs. Field roles record; others read.
 */
export function ChemicalsTab({ api, role, rest }: CampaignsTabProps) {
  const { t } = useTranslation()
  const page: Page = (PAGES as readonly string[]).includes(rest) ? rest as Page : 'inventory'
  const canWrite = canSupervise(role)
  const go = (to: Page) => (e: React.MouseEvent) => { e.preventDefault(); navigate(`/campaigns/chemicals/${to}`) }
  return (
    <div className="chemicals-tab" data-testid="chemicals-tab">
      <ChemicalKpis api={api} />
      <nav className="inline-form">
        {PAGES.map((p) => (
          <a key={p} href={`/campaigns/chemicals/${p}`} aria-current={page === p ? 'page' : undefined} onClick={go(p)} data-testid={`chemicals-nav-${p}`}>{t(`chemicals.nav.${p}`)}</a>
        ))}
      </nav>
      {page === 'inventory' && <>{canWrite && <ChemicalForm api={api} />}<ChemicalInventory api={api} canWrite={canWrite} /></>}
      {page === 'surveys' && <>{canWrite && <SurveyForm api={api} />}<SurveyList api={api} /></>}
      {page === 'dangers' && <ChemicalDangers api={api} />}
      {page === 'map' && <ChemicalMap api={api} />}
    </div>
  )
}

/** The campaign's KPIs for the zone: sites surveyed of those storing chemicals, open dangers by age. */
function ChemicalKpis({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const kpis = useQuery({ queryKey: ['chemicals', 'kpis'], queryFn: () => unwrap(api.api.chemicals.kpis.$get()) })
  if (!kpis.data) return null
  const k = kpis.data
  return (
    <p className="hint" data-testid="chemical-kpis" style={{ display: 'flex', gap: 18, flexWrap: 'wrap' }}>
      <span data-testid="chemical-kpi-surveyed">{t('chemicals.kpi.surveyed', { surveyed: k.sitesSurveyed, total: k.sitesWithChemicals })}</span>
      <span data-testid="chemical-kpi-open">{t('chemicals.kpi.openDangers', { count: k.openDangers })}</span>
      {k.openDangersByAge.map((a) => <span key={a.ageDays}>{t('chemicals.kpi.age', { band: a.ageDays, open: a.open, major: a.major })}</span>)}
    </p>
  )
}
