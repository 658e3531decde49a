import type { InferResponseType } from 'hono/client'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { navigate } from '../ui/router.ts'

export type PersonRow = InferResponseType<ApiClient['api']['people']['$get'], 200>['people'][number]

/** People as rows: name (to their page), masked ID number, employer, current roles and certificate standing. */
export function PeopleTable({ people, hideEmployer = false }: { people: PersonRow[]; hideEmployer?: boolean }) {
  const { t } = useTranslation()
  return (
    <table className="grid-table" data-testid="people-table">
      <thead><tr>
        <th>{t('people.col.name')}</th><th>{t('people.col.idNumber')}</th>{!hideEmployer && <th>{t('people.col.employer')}</th>}
        <th>{t('people.col.roles')}</th><th>{t('people.col.standing')}</th>
      </tr></thead>
      <tbody>
        {people.map((p) => (
          <tr key={p.id} data-testid={`person-${p.id}`}>
            <td><a href={`/registry/people/${p.id}`} onClick={(e) => { e.preventDefault(); navigate(`/registry/people/${p.id}`) }}>{p.name}</a></td>
            <td><code>{p.idNumberMasked}</code></td>
            {!hideEmployer && <td>{p.employerName ?? '–'}</td>}
            <td>{p.currentRoles.map((r) => t(`people.role.${r}`)).join('、') || '–'}</td>
            <td className={p.certificateStanding === 'ok' ? '' : 'warn'}>{t(`people.standing.${p.certificateStanding}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
