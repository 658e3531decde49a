import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { ChangePassword } from '../account/ChangePassword.tsx'

/** Signed in with an expired password: the change is all there is to do (the server refuses everything else). */
export function PasswordExpired({ api, username, onSignOut }: { api: ApiClient; username: string; onSignOut(): void }) {
  const { t } = useTranslation()
  return (
    <div className="login">
      <div className="login-box" data-testid="password-expired">
        <h1>{t('title')}</h1>
        <h2>{t('account.password.expiredTitle')}</h2>
        <p>{t('account.password.expiredText')}</p>
        <ChangePassword api={api} username={username} onChanged={onSignOut} />
        <button type="button" className="link" onClick={onSignOut}>{t('nav.signOut')}</button>
      </div>
    </div>
  )
}
