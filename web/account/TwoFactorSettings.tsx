import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { SESSION_QUERY } from '../auth/AuthGate.tsx'
import { RecoveryCodes, twoFactorError } from './TwoFactorCodes.tsx'
import { TwoFactorSetup } from './TwoFactorSetup.tsx'

interface Props { api: ApiClient; role: string; twoFactor: { enabled: boolean; recoveryCodesLeft: number } }

/**
 * A user's own second factor, for the account screen: turn it on; once on, new recovery codes for a code, and (for
 * all but administrators, whom the policy holds to it) turning it off with the password and a code.
 */
export function TwoFactorSettings({ api, role, twoFactor }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const refresh = () => queryClient.invalidateQueries({ queryKey: SESSION_QUERY })
  const act = (step: () => Promise<void>) => async (e: React.FormEvent) => {
    e.preventDefault()
    setError(null)
    try { await step(); setCode(''); setPassword('') } catch (err) { setError(twoFactorError(t, err)) }
  }
  const regenerate = act(async () => setCodes((await unwrap(api.api.auth.totp['recovery-codes'].$post({ json: { code } }))).recoveryCodes))
  const disable = act(async () => { await unwrap(api.api.auth.totp.disable.$post({ json: { password, code } })); await refresh() })

  return (
    <section className="two-factor-settings" data-testid="two-factor-settings">
      <h3>{t('twoFactor.title')}</h3>
      {codes ? <RecoveryCodes codes={codes} onSaved={() => { setCodes(null); void refresh() }} />
        : !twoFactor.enabled ? <><p>{t('twoFactor.off')}</p><TwoFactorSetup api={api} onDone={() => void refresh()} /></>
        : (
          <>
            <p data-testid="two-factor-on">{t('twoFactor.on')} · {t('twoFactor.left', { count: twoFactor.recoveryCodesLeft })}</p>
            <form onSubmit={regenerate} className="inline-form">
              <label>{t('twoFactor.codeOrRecovery')}<input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" required maxLength={40} /></label>
              <button type="submit" title={t('twoFactor.regenerateHint')}>{t('twoFactor.regenerate')}</button>
              {role !== 'admin' && <>
                <label>{t('twoFactor.password')}<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" /></label>
                <button type="button" data-testid="totp-disable" onClick={(e) => void disable(e)}>{t('twoFactor.disable')}</button>
              </>}
            </form>
          </>
        )}
      {error && <p className="form-error" role="alert">{error}</p>}
    </section>
  )
}
