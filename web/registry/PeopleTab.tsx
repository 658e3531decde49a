import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { STAFF_ROLES, type StaffRole } from '../../server/domain/certification.ts'
import { unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { NewPersonForm } from './people-forms.tsx'
import { PeopleTable } from './people-table.tsx'
import { PersonPage } from './people-person.tsx'
import type { RegistryTabProps } from './RegistryScreen.tsx'

/** 人员库: search people in the zone (ID numbers masked), the project managers flagged on two sites, an admin's add form. */
export function PeopleTab({ api, role, rest }: RegistryTabProps) {
  const id = Number(rest.split('/')[0])
  if (Number.isInteger(id) && id > 0) return <PersonPage api={api} role={role} personId={id} />
  return <PeopleList api={api} admin={role === 'admin'} />
}

function PeopleList({ api, admin }: { api: RegistryTabProps['api']; admin: boolean }) {
  const { t } = useTranslation()
  const [q, setQ] = useState('')
  const [personRole, setPersonRole] = useState<StaffRole | ''>('')
  const [expiring, setExpiring] = useState(false)
  const query = { ...(q.trim() ? { q: q.trim() } : {}), ...(personRole ? { role: personRole } : {}), ...(expiring ? { expiring: 'true' as const } : {}) }
  const people = useQuery({ queryKey: ['people', query], queryFn: () => unwrap(api.api.people.$get({ query: { ...query, limit: '200' } })), placeholderData: keepPreviousData })
  const flags = useQuery({ queryKey: ['people-flags'], queryFn: () => unwrap(api.api.people.flags['project-managers'].$get()) })
  const exportHref = (format: 'csv' | 'xlsx') => `/api/people/export?${new URLSearchParams({ ...query, format })}`
  return (
    <section data-testid="people-tab">
      <div className="inline-form">
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('people.search')} aria-label={t('people.search')} data-testid="people-search" />
        <select value={personRole} onChange={(e) => setPersonRole(e.target.value as StaffRole | '')} aria-label={t('people.col.role')}>
          <option value="">{t('people.anyRole')}</option>
          {STAFF_ROLES.map((r) => <option key={r} value={r}>{t(`people.role.${r}`)}</option>)}
        </select>
        <label><input type="checkbox" checked={expiring} onChange={(e) => setExpiring(e.target.checked)} data-testid="people-expiring" />{t('people.expiringOnly')}</label>
        {people.data && <span className="muted">{t('people.total', { count: people.data.total })}</span>}
        <a href={exportHref('csv')} download>{t('people.export')} CSV</a> <a href={exportHref('xlsx')} download>XLSX</a>
      </div>
      {people.error && <p role="alert" className="form-error">{(people.error as Error).message}</p>}
      <PeopleTable people={people.data?.people ?? []} />
      <h3>{t('people.flags.title')}</h3>
      <ul data-testid="people-flags">
        {(flags.data?.people ?? []).map((p) => (
          <li key={p.personId}>
            <a href={`/registry/people/${p.personId}`} onClick={(e) => { e.preventDefault(); navigate(`/registry/people/${p.personId}`) }}>{p.name}</a>
            {' · '}{p.sites.map((s) => <a key={s.id} href={`/?sel=site:${s.id}`}>{s.name} </a>)}
          </li>
        ))}
        {flags.data?.people.length === 0 && <li className="muted">{t('people.flags.none')}</li>}
      </ul>
      {admin && <NewPersonForm api={api} />}
    </section>
  )
}
