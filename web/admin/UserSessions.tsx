import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { type UserSession, SessionTable } from '../account/SessionTable.tsx'
import { FormError } from '../ui/FormError.tsx'

/** An account's live sessions, for its admin: end one, or all of them (each is audited on the server). */
export function UserSessions({ api, userId }: { api: ApiClient; userId: number }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const key = ['admin-user-sessions', userId]
  const id = String(userId)
  const sessions = useQuery({ queryKey: key, queryFn: () => unwrap(api.api.admin.users[':id'].sessions.$get({ param: { id } })) })
  const refresh = () => queryClient.invalidateQueries({ queryKey: key })
  const end = useMutation({
    mutationFn: (s: UserSession) => unwrap(api.api.admin.users[':id'].sessions[':sessionId'].$delete({ param: { id, sessionId: String(s.id) } })),
    onSuccess: refresh,
  })
  const endAll = useMutation({ mutationFn: () => unwrap(api.api.admin.users[':id'].sessions.$delete({ param: { id } })), onSuccess: refresh })
  const rows = sessions.data ?? []
  return (
    <section className="user-sessions" data-testid="user-sessions">
      <h3>{t('account.sessions.title')}</h3>
      <SessionTable sessions={rows} busy={end.isPending || endAll.isPending} onEnd={(s) => end.mutate(s)} />
      {rows.length > 1 && <button type="button" disabled={endAll.isPending} onClick={() => endAll.mutate()}>{t('account.sessions.endAll')}</button>}
      <FormError error={(sessions.error ?? end.error ?? endAll.error) as Error | null} />
    </section>
  )
}
