import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { PeopleTable } from './people-table.tsx'

/** On an enterprise's page: the people it employs (in the reader's zone), masked, with their certificate standing. */
export function EnterprisePeople({ api, enterpriseId }: { api: ApiClient; enterpriseId: number }) {
  const { t } = useTranslation()
  const people = useQuery({ queryKey: ['people', { employer: enterpriseId }],
    queryFn: () => unwrap(api.api.people.$get({ query: { employer: String(enterpriseId), limit: '200' } })) })
  return (
    <section data-testid="enterprise-people">
      <h3>{t('people.enterprise.title')}</h3>
      {people.data?.total === 0 ? <p className="muted">{t('people.enterprise.none')}</p> : <PeopleTable people={people.data?.people ?? []} hideEmployer />}
    </section>
  )
}
