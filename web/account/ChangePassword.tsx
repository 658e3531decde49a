import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_PASSWORD_LENGTH, passwordProblems } from '../../server/domain/password-policy.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { PasswordError } from './PasswordError.tsx'

/**
 * A user's own password. The browser checks the policy's rules it can (length, classes, the username) before
 * sending; the server checks them again and against its list of common passwords. A change ends every session,
 * this one too: the user is told so, and `onChanged` takes them back to the sign-in screen.
 */
export function ChangePassword({ api, username, onChanged }: { api: ApiClient; username: string; onChanged(): void }) {
  const { t } = useTranslation()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [again, setAgain] = useState('')
  const [local, setLocal] = useState<string[]>([])
  const change = useMutation({
    mutationFn: () => unwrap(api.api.auth.password.$post({ json: { currentPassword: current, newPassword: next } })),
  })
  const submit = (e: React.FormEvent) => {
    e.preventDefault()
    const problems = passwordProblems(next, username)
    setLocal(problems)
    if (problems.length === 0 && next === again) change.mutate()
  }
  if (change.isSuccess) {
    return (
      <div className="record-form account-password" role="status" data-testid="password-changed">
        <h2>{t('account.password.title')}</h2>
        <p>{t('account.password.done')}</p>
        <div className="actions"><button type="button" className="primary" onClick={onChanged}>{t('login.submit')}</button></div>
      </div>
    )
  }
  return (
    <form className="record-form account-password" data-testid="change-password" onSubmit={submit}>
      <h2>{t('account.password.title')}</h2>
      <p className="muted">{t('account.password.rule')}</p>
      <label>{t('account.password.current')}
        <input type="password" name="current-password" autoComplete="current-password" value={current} maxLength={MAX_PASSWORD_LENGTH} required onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>{t('account.password.new')}
        <input type="password" name="new-password" autoComplete="new-password" value={next} maxLength={MAX_PASSWORD_LENGTH} required onChange={(e) => setNext(e.target.value)} />
      </label>
      <label>{t('account.password.confirm')}
        <input type="password" name="new-password-again" autoComplete="new-password" value={again} maxLength={MAX_PASSWORD_LENGTH} required onChange={(e) => setAgain(e.target.value)} />
      </label>
      {again && next !== again && <p className="form-error" role="alert">{t('account.password.mismatch')}</p>}
      <PasswordError reasons={local} error={local.length ? null : change.error} />
      <div className="actions"><button type="submit" className="primary" disabled={change.isPending}>{t('account.password.submit')}</button></div>
    </form>
  )
}
