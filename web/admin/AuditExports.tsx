import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { type ApiClient, type ApiError, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { saveDownload } from '../ui/download.ts'

/**
 * 审计导出: each month of the audit and sign-in logs, its latest export, and when it may be dropped. The auditor
 * downloads a month's CSV (which is the export the retention job waits for) and its SHA-256 manifest; an admin
 * sees the same list and cannot export (separation of duties).
 */
export function AuditExports({ api, canExport }: { api: ApiClient; canExport: boolean }) {
  const { t } = useTranslation()
  const queries = useQueryClient()
  const list = useQuery({ queryKey: ['audit-exports'], queryFn: () => unwrap(api.api.admin.audit.exports.$get()) })
  const file = (log: 'audit_log' | 'login_attempts', month: string, kind: 'csv' | 'manifest') =>
    api.api.admin.audit.exports[':log'][':file'].$get({ param: { log, file: `${month}.${kind}` } })
  const download = useMutation({
    mutationFn: ({ log, month, kind }: { log: 'audit_log' | 'login_attempts'; month: string; kind: 'csv' | 'manifest' }) =>
      saveDownload(file(log, month, kind), `${log}-${month}.${kind === 'csv' ? 'csv' : 'manifest.json'}`),
    // A CSV download is recorded as an export: the list shows it at once.
    onSuccess: () => queries.invalidateQueries({ queryKey: ['audit-exports'] }),
  })

  if (list.error) return <p className="form-error">{(list.error as Error).message}</p>
  if (!list.data) return <p className="muted">{t('loading')}</p>
  const { retentionDays, months, unpartitioned } = list.data
  const kept = unpartitioned.filter((u) => u.rows > 0)
  return (
    <section data-testid="audit-exports">
      <p className="muted">{t('auditExports.rule', { days: retentionDays })}</p>
      {kept.length > 0 && <p className="muted">{t('auditExports.unpartitioned', { rows: kept.map((u) => `${t(`auditExports.log.${u.log}`)} ${u.rows}`).join('、') })}</p>}
      {download.error && <p className="form-error" role="alert">{(download.error as ApiError).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('auditExports.logName')}</th><th>{t('auditExports.month')}</th><th>{t('auditExports.rows')}</th>
          <th>{t('auditExports.lastExport')}</th><th>{t('auditExports.status')}</th>{canExport && <th />}
        </tr></thead>
        <tbody>
          {[...months].reverse().map((m) => (
            <tr key={`${m.log}-${m.month}`} data-testid={`audit-export-${m.log}-${m.month}`}>
              <td>{t(`auditExports.log.${m.log}`)}</td><td>{m.month}</td><td>{m.rows}</td>
              <td>{m.lastExport
                ? <span title={`SHA-256 ${m.lastExport.sha256}`}>{beijingMinute(m.lastExport.exportedAt)} · {m.lastExport.exportedBy} · {m.lastExport.rows}</span>
                : '–'}</td>
              <td data-testid="audit-export-status">{statusOf(m, t)}</td>
              {canExport && <td>
                <button type="button" disabled={download.isPending} onClick={() => download.mutate({ log: m.log, month: m.month, kind: 'csv' })}>{t('auditExports.csv')}</button>
                {' '}
                <button type="button" disabled={download.isPending} onClick={() => download.mutate({ log: m.log, month: m.month, kind: 'manifest' })}>{t('auditExports.manifest')}</button>
              </td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

type Month = { pastRetention: boolean; droppable: boolean; droppableFrom: string; lastExport: { current: boolean } | null }

function statusOf(m: Month, t: TFunction): string {
  const from = m.droppableFrom.slice(0, 10)
  if (m.droppable) return t('auditExports.droppable')
  if (!m.lastExport) return m.pastRetention ? t('auditExports.awaitingExport') : t('auditExports.keptUntil', { date: from })
  if (!m.lastExport.current) return t('auditExports.grown')
  return t('auditExports.exported', { date: from })
}
