import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { refreshPatrol } from './patrol-tasks.tsx'

type Finding = InferResponseType<ApiClient['api']['patrol']['findings']['$get'], 200>[number]

/**
 * The findings patrol reports brought, for a supervisor to confirm (it becomes a hazard, with the deadline they
 * set) or reject with the reason. Reviewed ones are listed after, with their outcome.
 */
export function FindingsReview({ api, contractId, canReview }: { api: ApiClient; contractId: number; canReview: boolean }) {
  const { t } = useTranslation()
  const findings = useQuery({
    queryKey: ['patrol-findings', contractId],
    queryFn: () => unwrap(api.api.patrol.findings.$get({ query: { contractId: String(contractId) } })),
  })
  const pending = (findings.data ?? []).filter((f) => f.status === 'pending')
  return (
    <section data-testid="patrol-findings">
      <h3>{t('patrol.findings')} ({pending.length})</h3>
      <table className="grid-table">
        <thead><tr>
          <th>{t('patrol.site')}</th><th>{t('patrol.patrolledAt')}</th><th>{t('patrol.severity')}</th><th>{t('patrol.category')}</th>
          <th>{t('patrol.description')}</th><th>{t('patrol.status')}</th><th />
        </tr></thead>
        <tbody>{(findings.data ?? []).slice(0, 200).map((f) => <FindingRow key={f.id} api={api} finding={f} canReview={canReview} />)}</tbody>
      </table>
    </section>
  )
}

function FindingRow({ api, finding, canReview }: { api: ApiClient; finding: Finding; canReview: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const today = beijingDay(new Date())
  const [deadline, setDeadline] = useState(finding.proposedDeadline < today ? today : finding.proposedDeadline)
  const [note, setNote] = useState('')
  const review = useMutation({
    mutationFn: (decision: 'confirm' | 'reject') => unwrap(api.api.patrol.findings[':id'].review.$post({
      param: { id: String(finding.id) }, json: decision === 'confirm' ? { decision, note, deadline } : { decision, note },
    })),
    onSuccess: () => refreshPatrol(queryClient),
  })
  return (
    <tr data-testid={`patrol-finding-${finding.id}`}>
      <td><a href={`/?sel=site:${finding.siteId}`}>{finding.siteCode} {finding.siteName}</a><div className="muted">{finding.reportedBy}</div></td>
      <td>{finding.patrolledAt.slice(0, 16).replace('T', ' ')}</td>
      <td>{t(`severity.${finding.severity}`)}</td><td>{finding.category}</td>
      <td>{finding.description}<div className="muted">{t('patrol.proposedDeadline')} {finding.proposedDeadline}</div></td>
      <td>
        {t(`patrol.findingStatus.${finding.status}`)}
        {finding.hazardId !== null && <> · <a href={`/?sel=hazard:${finding.hazardId}`}>{t('patrol.hazard', { id: finding.hazardId })}</a></>}
        {finding.reviewNote && <div className="muted">{finding.reviewNote}</div>}
      </td>
      <td>
        {canReview && finding.status === 'pending' && (
          <div className="record-form">
            <label>{t('patrol.deadline')}<input type="date" value={deadline} min={today} onChange={(e) => setDeadline(e.target.value)} /></label>
            <input value={note} maxLength={1000} placeholder={t('patrol.rejectNote')} aria-label={t('patrol.reviewNote')} onChange={(e) => setNote(e.target.value)} />
            <div className="actions">
              <button type="button" className="primary" data-testid="patrol-confirm" disabled={review.isPending} onClick={() => review.mutate('confirm')}>{t('patrol.confirm')}</button>
              <button type="button" data-testid="patrol-reject" disabled={review.isPending || !note.trim()} onClick={() => review.mutate('reject')}>{t('patrol.reject')}</button>
            </div>
            <FormError error={review.error} />
          </div>
        )}
      </td>
    </tr>
  )
}
