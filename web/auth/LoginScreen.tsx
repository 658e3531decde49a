import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'

type SessionInfo = Awaited<ReturnType<typeof signIn>>
/** `second`: the code, or a recovery code, once the server has asked for one (401 totp_required). */
const signIn = (api: ApiClient, username: string, password: string, second: { totp?: string; recoveryCode?: string } = {}) =>
  unwrap(api.api.auth.login.$post({ json: { username, password, ...second } }))

/** Supervisors land on their own zone after signing in, the auditor on the audit trail, patrol staff on their tasks; everyone else on the city map. */
const HOMES: Record<string, string> = { grid_supervisor: '/zone', district_supervisor: '/zone', auditor: '/audit', patrol: '/campaigns/patrol' }
const homeOf = (role: string) => HOMES[role] ?? '/'

export function LoginScreen({ api, onSignedIn }: { api: ApiClient; onSignedIn(session: SessionInfo): void }) {
  const { t, i18n } = useTranslation()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Set once the server asks for a second factor: the password stays, and the form asks for the code.
  const [second, setSecond] = useState<'totp' | 'recoveryCode' | null>(null)
  const [code, setCode] = useState('')
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const session = await signIn(api, username, password, second ? { [second]: code.trim() } : {})
      if (window.location.pathname === '/') navigate(homeOf(session.user.role), true)
      onSignedIn(session)
    } catch (err) {
      const failure = err instanceof ApiError ? err.code : 'network'
      if (failure === 'totp_required') {
        setSecond('totp')
        return
      }
      setError(t(`login.error.${failure}`, { defaultValue: t(`twoFactor.error.${failure}`, { defaultValue: (err as Error).message }) }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="login">
      <form onSubmit={submit} data-testid="login-form" aria-label={t('login.title')}>
        <h1>{t('title')}</h1>
        <h2>{t('login.title')}</h2>
        {second === null ? <>
          <label>{t('login.username')}<input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
          <label>{t('login.password')}<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        </> : <>
          <p>{t('twoFactor.codeHint')}</p>
          <label>{t(second === 'totp' ? 'twoFactor.codeLabel' : 'twoFactor.recoveryLabel')}
            <input name={second} autoFocus required value={code} onChange={(e) => setCode(e.target.value)} data-testid="login-code"
              {...(second === 'totp' ? { inputMode: 'numeric' as const, autoComplete: 'one-time-code', pattern: '\\d{6}', maxLength: 6 } : { autoComplete: 'off', maxLength: 40 })} />
          </label>
          <button type="button" className="link" onClick={() => { setSecond(second === 'totp' ? 'recoveryCode' : 'totp'); setCode('') }}>
            {t(second === 'totp' ? 'twoFactor.useRecovery' : 'twoFactor.useCode')}
          </button>
        </>}
        {error && <p className="form-error" role="alert" data-testid="login-error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{t('login.submit')}</button>
        <button type="button" className="link" onClick={() => i18n.changeLanguage(i18n.language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
      </form>
    </div>
  )
}
