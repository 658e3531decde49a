import { useTranslation } from 'react-i18next'
import type { InferResponseType } from 'hono/client'
import type { ApiClient } from '../api.ts'

export type SignIn = InferResponseType<ApiClient['api']['auth']['sign-ins']['$get'], 200>[number]

/** Sign-in attempts, newest first: time, username (left out on a user's own list), address, client and result. */
export function SignInTable({ signIns, showUsername }: { signIns: SignIn[]; showUsername: boolean }) {
  const { t } = useTranslation()
  if (signIns.length === 0) return <p className="muted">{t('account.signIns.none')}</p>
  return (
    <table className="grid-table" data-testid="sign-ins">
      <thead>
        <tr>
          <th>{t('account.signIns.at')}</th>{showUsername && <th>{t('account.signIns.username')}</th>}<th>{t('account.signIns.ip')}</th>
          <th>{t('account.signIns.userAgent')}</th><th>{t('account.signIns.result')}</th>
        </tr>
      </thead>
      <tbody>
        {signIns.map((s) => (
          <tr key={s.id}>
            <td>{s.at.slice(0, 19).replace('T', ' ')}</td>{showUsername && <td>{s.username}</td>}<td>{s.ip}</td><td><code>{s.userAgent ?? '–'}</code></td>
            <td className={s.result === 'failure' ? 'warn' : ''}>{t(`account.signIns.${s.result}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
