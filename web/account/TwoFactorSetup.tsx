import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { RecoveryCodes, twoFactorError } from './TwoFactorCodes.tsx'

type Pending = { qr: string; secret: string }

/**
 * Enrolment: a new secret as a QR code (an SVG data: URL, which the CSP allows as an image) and as a key to type,
 * then a code from the app to confirm it, then the recovery codes, shown once. `onDone` once they are kept.
 */
export function TwoFactorSetup({ api, onDone }: { api: ApiClient; onDone(): void }) {
  const { t } = useTranslation()
  const [pending, setPending] = useState<Pending | null>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (step: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try { await step() } catch (err) { setError(twoFactorError(t, err)) } finally { setBusy(false) }
  }
  const start = () => run(async () => setPending(await unwrap(api.api.auth.totp.setup.$post())))
  const confirm = (e: React.FormEvent) => {
    e.preventDefault()
    void run(async () => setCodes((await unwrap(api.api.auth.totp.confirm.$post({ json: { code: code.trim() } }))).recoveryCodes))
  }

  if (codes) return <RecoveryCodes codes={codes} onSaved={onDone} />
  if (!pending) {
    return (
      <div className="two-factor-setup">
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="button" className="primary" data-testid="totp-start" disabled={busy} onClick={() => void start()}>{t('twoFactor.start')}</button>
      </div>
    )
  }
  return (
    <form className="two-factor-setup" onSubmit={confirm} data-testid="totp-setup">
      <p>{t('twoFactor.scan')}</p>
      <img className="totp-qr" src={pending.qr} alt={t('twoFactor.qrAlt')} width={200} height={200} data-testid="totp-qr" />
      <p>{t('twoFactor.manual')} <code className="secret" data-testid="totp-secret">{pending.secret.match(/.{1,4}/g)?.join(' ')}</code></p>
      <label>{t('twoFactor.enterCode')}
        <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required data-testid="totp-code"
          value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} />
      </label>
      {error && <p className="form-error" role="alert" data-testid="totp-error">{error}</p>}
      <button type="submit" className="primary" disabled={busy || code.length !== 6} data-testid="totp-confirm">{t('twoFactor.confirm')}</button>
    </form>
  )
}
