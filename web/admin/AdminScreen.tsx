import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { AuditExports } from './AuditExports.tsx'
import { AuditLog } from './AuditLog.tsx'
import { DevicesPanel } from './DevicesPanel.tsx'
import { DisplayTokens } from './DisplayTokens.tsx'
import { ImportPanel } from './ImportPanel.tsx'
import { SignIns } from './SignIns.tsx'
import { UsersTable } from './UsersTable.tsx'

type Tab = 'users' | 'devices' | 'imports' | 'audit' | 'signIns' | 'auditExports' | 'tokens'
/** The auditor reads the audit trail and nothing else (separation of duties; the server enforces it too). */
const TABS: Record<'admin' | 'auditor', readonly Tab[]> = {
  admin: ['users', 'devices', 'imports', 'audit', 'signIns', 'auditExports', 'tokens'],
  auditor: ['audit', 'signIns', 'auditExports'],
}

/**
 * 系统管理: accounts and their grids, field devices, importing the offices' files, the audit log, the sign-in
 * history, and the wall's display tokens. The security auditor's screen is its audit trail tabs alone.
 */
export function AdminScreen({ api, header, role }: { api: ApiClient; header: React.ReactNode; role: 'admin' | 'auditor' }) {
  const { t } = useTranslation()
  const tabs = TABS[role]
  const [tab, setTab] = useState<Tab>(tabs[0])
  return (
    <div className="app admin">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <nav className="tabs" role="tablist">
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => setTab(id)}>{t(`admin.tab.${id}`)}</button>
        ))}
      </nav>
      <main className="admin-body">
        {tab === 'users' && <UsersTable api={api} />}
        {tab === 'devices' && <DevicesPanel api={api} />}
        {tab === 'imports' && <ImportPanel api={api} />}
        {tab === 'audit' && <AuditLog api={api} />}
        {tab === 'signIns' && <SignIns api={api} />}
        {tab === 'auditExports' && <AuditExports api={api} canExport={role === 'auditor'} />}
        {tab === 'tokens' && <DisplayTokens api={api} />}
      </main>
    </div>
  )
}
