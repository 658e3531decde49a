import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { type UserSession, SessionTable } from './SessionTable.tsx'

const KEY = ['my-sessions'] as const

/** The user's own live sessions. Ending the one in use signs them out here, so `onSignedOut` follows. */
export function MySessions({ api, onSignedOut }: { api: ApiClient; onSignedOut(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const sessions = useQuery({ queryKey: KEY, queryFn: () => unwrap(api.api.auth.sessions.$get()) })
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY })
  const end = useMutation({
    mutationFn: (s: UserSession) => unwrap(api.api.auth.sessions[':sessionId'].$delete({ param: { sessionId: String(s.id) } })),
    onSuccess: (_, s) => (s.current ? onSignedOut() : refresh()),
  })
  const endOthers = useMutation({ mutationFn: () => unwrap(api.api.auth.sessions.$delete()), onSuccess: refresh })
  const rows = sessions.data ?? []
  return (
    <section className="account-sessions" data-testid="my-sessions">
      <h2>{t('account.sessions.title')}</h2>
      <p className="muted">{t('account.sessions.hint')}</p>
      <SessionTable sessions={rows} busy={end.isPending || endOthers.isPending} onEnd={(s) => end.mutate(s)} />
      {rows.length > 1 && (
        <button type="button" data-testid="end-other-sessions" disabled={endOthers.isPending} onClick={() => endOthers.mutate()}>{t('account.sessions.endOthers')}</button>
      )}
      <FormError error={(sessions.error ?? end.error ?? endOthers.error) as Error | null} />
    </section>
  )
}
