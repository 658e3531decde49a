import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'

type SessionInfo = Awaited<ReturnType<typeof signIn>>
const signIn = (api: ApiClient, username: string, password: string) => unwrap(api.api.auth.login.$post({ json: { username, password } }))

/** Supervisors land on their own zone after signing in; everyone else on the city map. */
const homeOf = (role: string) => (role === 'grid_supervisor' || role === 'district_supervisor' ? '/zone' : '/')

export function LoginScreen({ api, onSignedIn }: { api: ApiClient; onSignedIn(session: SessionInfo): void }) {
  const { t, i18n } = useTranslation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const session = await signIn(api, username, password)
      if (window.location.pathname === '/') navigate(homeOf(session.user.role), true)
      onSignedIn(session)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'network'
      setError(t(`login.error.${code}`, { defaultValue: (err as Error).message }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="login">
      <form onSubmit={submit} data-testid="login-form" aria-label={t('login.title')}>
        <h1>{t('title')}</h1>
        <h2>{t('login.title')}</h2>
        <label>{t('login.username')}<input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
        <label>{t('login.password')}<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        {error && <p className="form-error" role="alert" data-testid="login-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{t('login.submit')}</button>
        <button type="button" className="link" onClick={() => i18n.changeLanguage(i18n.language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
      </form>
    </div>
  )
}
