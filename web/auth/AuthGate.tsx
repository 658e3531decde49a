import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { LoginScreen } from './LoginScreen.tsx'

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
    queryClient.clear()
  }
  return <>{children(session.data.user, signOut)}</>
}
