import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api.ts'
import { saveBlob } from '../ui/download.ts'

/** The server's error, in the user's language when we have words for it. */
export function twoFactorError(t: TFunction, error: unknown): string {
  const code = error instanceof ApiError ? error.code : 'network'
  return t(`twoFactor.error.${code}`, { defaultValue: t(`login.error.${code}`, { defaultValue: (error as Error).message }) })
}

/**
 * Recovery codes the server gives out once: listed, downloadable as a text file, gone once the user says they have
 * kept them. Nothing stores them: not the query cache, not storage.
 */
export function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved(): void }) {
  const { t } = useTranslation()
  const download = () => saveBlob(new Blob([`${t('twoFactor.codesFile')}\r\n\r\n${codes.join('\r\n')}\r\n`], { type: 'text/plain;charset=utf-8' }), `${t('twoFactor.codesFile')}.txt`)
  return (
    <div className="notice secret-once two-factor-codes" role="alert" data-testid="recovery-codes">
      <strong>{t('twoFactor.codesTitle')}</strong>
      <p className="warn">{t('twoFactor.codesWarn')}</p>
      <ol>{codes.map((code) => <li key={code}><code data-testid="recovery-code">{code}</code></li>)}</ol>
      <div className="actions">
        <button type="button" data-testid="recovery-codes-download" onClick={download}>{t('twoFactor.download')}</button>
        <button type="button" className="primary" data-testid="recovery-codes-saved" onClick={onSaved}>{t('twoFactor.saved')}</button>
      </div>
    </div>
  )
}
