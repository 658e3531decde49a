import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { AuditLog } from './AuditLog.tsx'
import { DevicesPanel } from './DevicesPanel.tsx'
import { DisplayTokens } from './DisplayTokens.tsx'
import { ImportPanel } from './ImportPanel.tsx'
import { UsersTable } from './UsersTable.tsx'

const TABS = ['users', 'devices', 'imports', 'audit', 'tokens'] as const

/** 系统管理: accounts and their grids, field devices, importing the offices' files, the audit log, and the wall's display tokens. */
export function AdminScreen({ api, header }: { api: ApiClient; header: React.ReactNode }) {
  const { t } = useTranslation()
  const [tab, setTab] = useState<(typeof TABS)[number]>('users')
  return (
    <div className="app admin">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <nav className="tabs" role="tablist">
        {TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => setTab(id)}>{t(`admin.tab.${id}`)}</button>
        ))}
      </nav>
      <main className="admin-body">
        {tab === 'users' && <UsersTable api={api} />}
        {tab === 'devices' && <DevicesPanel api={api} />}
        {tab === 'imports' && <ImportPanel api={api} />}
        {tab === 'audit' && <AuditLog api={api} />}
        {tab === 'tokens' && <DisplayTokens api={api} />}
      </main>
    </div>
  )
}
