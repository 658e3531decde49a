import { useTranslation } from 'react-i18next'
import { ApiError } from '../api.ts'

/**
 * Why a password was refused, in the user's language: the server's `weak_password` reasons (or the same codes
 * found in the browser before sending) one per line; any other error as its message.
 */
export function PasswordError({ error, reasons }: { error?: Error | null; reasons?: string[] }) {
  const { t } = useTranslation()
  const codes = reasons?.length ? reasons
    : error instanceof ApiError && error.code === 'weak_password' ? (error.details as { code?: string }[] | undefined)?.map((d) => d.code ?? '') ?? []
      : []
  if (codes.length) {
    return (
      <div className="form-error" role="alert" data-testid="password-error">
        {t('account.password.refused')}
        <ul>{codes.map((code) => <li key={code}>{t(`account.password.reason.${code}`, { defaultValue: code })}</li>)}</ul>
      </div>
    )
  }
  if (!error) return null
  const text = error instanceof ApiError && error.code === 'invalid_credentials' ? t('account.password.wrongCurrent') : error.message
  return <p className="form-error" role="alert" data-testid="password-error">{text}</p>
}
