import { useTranslation } from 'react-i18next'
import type { InferResponseType } from 'hono/client'
import type { ApiClient } from '../api.ts'

export type UserSession = InferResponseType<ApiClient['api']['auth']['sessions']['$get'], 200>[number]

const time = (iso: string) => iso.slice(0, 16).replace('T', ' ')

/** Live sessions with 结束会话 on each; the user's own list marks the one they are using. */
export function SessionTable({ sessions, onEnd, busy }: { sessions: UserSession[]; onEnd(session: UserSession): void; busy: boolean }) {
  const { t } = useTranslation()
  if (sessions.length === 0) return <p className="muted" data-testid="no-sessions">{t('account.sessions.none')}</p>
  return (
    <table className="grid-table" data-testid="sessions">
      <thead>
        <tr>
          <th>{t('account.sessions.created')}</th><th>{t('account.sessions.lastSeen')}</th><th>{t('account.sessions.expires')}</th>
          <th>{t('account.sessions.ip')}</th><th>{t('account.sessions.userAgent')}</th><th />
        </tr>
      </thead>
      <tbody>
        {sessions.map((s) => (
          <tr key={s.id} data-session-id={s.id} className={s.current ? 'selected' : ''}>
            <td>{time(s.createdAt)}</td><td>{time(s.lastSeenAt)}</td><td>{time(s.expiresAt)}</td><td>{s.ip ?? '–'}</td>
            <td><code>{s.userAgent ?? '–'}</code></td>
            <td>
              {s.current && <strong>{t('account.sessions.current')} </strong>}
              <button type="button" className="link" data-testid="end-session" disabled={busy} onClick={() => onEnd(s)}>{t('account.sessions.end')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
