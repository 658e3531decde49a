import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'

/** The newest 200 entries; before/after shown as the JSON they are (as text, never as markup). */
export function AuditLog({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const log = useQuery({ queryKey: ['audit'], queryFn: () => unwrap(api.api.admin.audit.$get({ query: { limit: '200' } })) })
  if (log.error) return <p className="form-error">{(log.error as Error).message}</p>
  if (log.data?.length === 0) return <p className="muted">{t('admin.noEntries')}</p>
  return (
    <table className="grid-table" data-testid="audit-log">
      <thead><tr><th>{t('admin.at')}</th><th>{t('admin.who')}</th><th>{t('admin.ip')}</th><th>{t('admin.action')}</th><th>{t('admin.entity')}</th><th>{t('admin.change')}</th></tr></thead>
      <tbody>
        {(log.data ?? []).map((e) => (
          <tr key={String(e.id)}>
            <td>{e.at.slice(0, 19).replace('T', ' ')}</td><td>{e.displayName ?? '–'}</td><td>{e.ip ?? '–'}</td><td>{e.action}</td><td>{e.entity} #{e.entityId}</td>
            <td><code>{JSON.stringify(e.after ?? e.before ?? null)?.slice(0, 200)}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
