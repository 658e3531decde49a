import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { MachinesTable, useMachines } from './crane-list.tsx'

/** On an enterprise's page: the machines it owns or has installed, inspected, maintained or dismantled (in your zone). */
export function EnterpriseCranes({ api, enterpriseId }: { api: ApiClient; enterpriseId: number }) {
  const { t } = useTranslation()
  const machines = useMachines(api, { enterpriseId: String(enterpriseId), limit: '100' })
  if (!machines.data || machines.data.total === 0) return null
  return (
    <section data-testid="enterprise-cranes">
      <h3>{t('cranes.enterprise.title')} <span className="muted">{t('cranes.total', { count: machines.data.total })}</span></h3>
      <MachinesTable machines={machines.data.items} />
    </section>
  )
}
