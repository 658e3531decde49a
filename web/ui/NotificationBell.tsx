import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from './router.ts'
import './notification-bell.css'

/** Checked every minute: a report is issued once a month, so a minute late is on time. */
const POLL_MS = 60_000

/**
 * The header's bell: how many of your notifications are unread, and the latest of them; opening one marks it
 * read and goes to what it is about (an issued report).
 */
export function NotificationBell({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const client = useQueryClient()
  const [open, setOpen] = useState(false)
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => unwrap(api.api.notifications.$get({ query: { limit: '10' } })), refetchInterval: POLL_MS })
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] })
  const readOne = useMutation({ mutationFn: (id: number) => unwrap(api.api.notifications[':id'].read.$post({ param: { id: String(id) } })), onSuccess: refresh })
  const readAll = useMutation({ mutationFn: () => unwrap(api.api.notifications.read.$post()), onSuccess: refresh })
  const unread = list.data?.unread ?? 0
  return (
    <span className="notification-bell">
      <button type="button" data-testid="notification-bell" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('notifications.title')}{unread > 0 && <span className="badge" data-testid="notification-count">{unread}</span>}
      </button>
      {open && (
        <div className="notification-list" role="menu" data-testid="notification-list">
          {(list.data?.notifications ?? []).map((n) => (
            <button key={n.id} type="button" role="menuitem" className={n.readAt ? 'read' : 'unread'} data-testid={`notification-${n.id}`}
              onClick={() => { if (!n.readAt) readOne.mutate(n.id); setOpen(false); if (n.link) navigate(n.link) }}>
              <span>{n.title}</span><small>{n.createdAt.replace('T', ' ').slice(0, 16)}</small>
            </button>
          ))}
          {list.data?.notifications.length === 0 && <p className="muted">{t('notifications.none')}</p>}
          {unread > 0 && <button type="button" className="link" data-testid="notifications-read-all" onClick={() => readAll.mutate()}>{t('notifications.readAll')}</button>}
        </div>
      )}
    </span>
  )
}
