import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { TwoFactorPrompt, TwoFactorRequired } from '../account/TwoFactorPrompt.tsx'
import { LoginScreen } from './LoginScreen.tsx'
import { PasswordExpired } from './PasswordExpired.tsx'

export const SESSION_QUERY = ['session'] as const

interface Props {
  api: ApiClient
  /** Told the session's CSRF token, for the API client to send with writes. */
  onCsrfToken(token: string): void
  children(user: SessionUser, signOut: () => Promise<void>): ReactNode
}

/** Everything but the wall needs a signed-in user: until there is one, the login screen. */
export function AuthGate({ api, onCsrfToken, children }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const session = useQuery({
    queryKey: SESSION_QUERY, retry: false, staleTime: Infinity,
    queryFn: async () => {
      const s = await unwrap(api.api.auth.me.$get())
      onCsrfToken(s.csrfToken)
      return s
    },
  })
  if (session.isPending) return <div className="splash">{t('loading')}</div>
  if (!session.data) {
    return <LoginScreen api={api} onSignedIn={(s) => { onCsrfToken(s.csrfToken); queryClient.setQueryData(SESSION_QUERY, s) }} />
  }
  const signOut = async () => {
    await api.api.auth.logout.$post().catch(() => undefined)
    onCsrfToken('')
    // Everything cached was this user's. Clearing alone leaves the gate showing the old session until something
    // re-renders it; resetting the session query tells it at once, and it asks the server (401: the login form).
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY[0] })
    await queryClient.resetQueries({ queryKey: SESSION_QUERY })
  }
  // An expired password (PASSWORD_MAX_AGE_DAYS): until it is changed the session reaches nothing else.
  if (session.data.passwordExpired) return <PasswordExpired api={api} username={session.data.user.username} onSignOut={() => void signOut()} />
  // An administrator without two factors: only the enrolment when the policy requires it, or a prompt above the app.
  const enrolled = () => void queryClient.invalidateQueries({ queryKey: SESSION_QUERY })
  const { enrol } = session.data.twoFactor
  if (enrol === 'required') return <TwoFactorRequired api={api} onEnrolled={enrolled} onSignOut={() => void signOut()} />
  return <>{enrol === 'prompt' && <TwoFactorPrompt api={api} onEnrolled={enrolled} />}{children(session.data.user, signOut)}</>
}
