import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ROLES } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { UserEditor } from './UserEditor.tsx'
import { UserSessions } from './UserSessions.tsx'

/** Accounts by role or name; one at a time is edited beside the table, with its live sessions. */
export function UsersTable({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [role, setRole] = useState('')
  const [q, setQ] = useState('')
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  const query = { ...(role ? { role: role as (typeof ROLES)[number] } : {}), ...(q.trim() ? { q: q.trim() } : {}) }
  const users = useQuery({ queryKey: ['admin-users', query], queryFn: () => unwrap(api.api.admin.users.$get({ query })) })
  const rows = users.data ?? []
  return (
    <div className="admin-split">
      <section>
        <div className="inline-form">
          <select value={role} onChange={(e) => setRole(e.target.value)} aria-label={t('admin.role')}>
            <option value="">{t('filters.all')}</option>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
          <input value={q} maxLength={40} placeholder={t('admin.search')} onChange={(e) => setQ(e.target.value)} />
          <button type="button" className="primary" onClick={() => setEditing('new')}>{t('admin.newUser')}</button>
        </div>
        <table className="grid-table" data-testid="users">
          <thead><tr><th>{t('admin.username')}</th><th>{t('admin.name')}</th><th>{t('admin.role')}</th><th>{t('admin.scope')}</th><th>{t('admin.state')}</th></tr></thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} onClick={() => setEditing(u.id)} className={editing === u.id ? 'selected' : ''}>
                <td>{u.username}</td><td>{u.displayName}</td><td>{t(`role.${u.role}`)}</td>
                <td>{u.role === 'grid_supervisor' ? u.grids.map((g) => g.code).join(', ') : u.districtName ?? t('admin.city')}</td>
                <td className={u.active ? '' : 'warn'}>{u.active ? (u.hasPassword ? t('admin.active') : t('admin.noPassword')) : t('admin.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {editing !== null && (
        <div className="user-side">
          <UserEditor key={editing} api={api} user={editing === 'new' ? null : rows.find((u) => u.id === editing) ?? null} onDone={() => setEditing(null)} />
          {editing !== 'new' && <UserSessions key={editing} api={api} userId={editing} />}
        </div>
      )}
    </div>
  )
}
