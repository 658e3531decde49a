import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { SESSION_QUERY } from '../auth/AuthGate.tsx'
import { ChangePassword } from './ChangePassword.tsx'
import { MySessions } from './MySessions.tsx'
import { SignInTable } from './SignInTable.tsx'
import { TwoFactorSettings } from './TwoFactorSettings.tsx'

const RECENT_SIGN_INS = 20

interface Props { api: ApiClient; user: SessionUser; header: ReactNode; onSignedOut(): void }

/** 账号与安全, for every user: their password, second factor, live sessions and recent sign-ins. */
export function AccountScreen({ api, user, header, onSignedOut }: Props) {
  const { t } = useTranslation()
  // The session AuthGate holds (two-factor state included); AuthGate refetches it when it changes.
  const session = useQuery({ queryKey: SESSION_QUERY, queryFn: () => unwrap(api.api.auth.me.$get()), enabled: false })
  const signIns = useQuery({ queryKey: ['my-sign-ins'], queryFn: () => unwrap(api.api.auth['sign-ins'].$get({ query: { limit: String(RECENT_SIGN_INS) } })) })
  return (
    <div className="app admin account" data-testid="account-screen">
      <header className="topbar"><h1>{t('account.title')}</h1>{header}</header>
      <main className="admin-body account-body">
        <ChangePassword api={api} username={user.username} onChanged={onSignedOut} />
        {session.data && <TwoFactorSettings api={api} role={user.role} twoFactor={session.data.twoFactor} />}
        <MySessions api={api} onSignedOut={onSignedOut} />
        <section data-testid="my-sign-ins">
          <h2>{t('account.signIns.mine')}</h2>
          <SignInTable signIns={signIns.data ?? []} showUsername={false} />
        </section>
      </main>
    </div>
  )
}
