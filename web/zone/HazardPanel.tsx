import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { canSupervise, type Role } from '../../server/domain/roles.ts'
import { type ApiClient, type ApiError, type HazardDetail, type SessionUser, unwrap } from '../api.ts'
import { Panel, Section } from '../ui/Panel.tsx'
import { PhotoPicker } from './PhotoPicker.tsx'

interface Props { api: ApiClient; hazardId: number; user: SessionUser; onClose(): void; onSite(id: number): void }

/** One hazard's closed loop: its steps so far (who, when, evidence), its notices, and the next step. */
export function HazardPanel({ api, hazardId, user, onClose, onSite }: Props) {
  const { t } = useTranslation()
  const param = { id: String(hazardId) }
  const hazard = useQuery({ queryKey: ['hazard', hazardId], queryFn: () => unwrap(api.api.hazards[':id'].$get({ param })) })
  const h = hazard.data
  if (!h) return <Panel title={hazard.error ? (hazard.error as Error).message : t('loading')} onClose={onClose} testId="hazard-panel" />
  return (
    <Panel title={h.category} subtitle={`${t(`severity.${h.severity}`)} · ${t(`hazardStatus.${h.status}`)}`} onClose={onClose} testId="hazard-panel">
      <Section title={t('hazard.basics')}>
        <dl className="facts">
          <dt>{t('hazard.site')}</dt><dd><button type="button" className="link" onClick={() => onSite(h.siteId)}>{h.siteName}</button></dd>
          <dt>{t('hazard.description')}</dt><dd data-testid="hazard-description">{h.description}</dd>
          <dt>{t('hazard.found')}</dt><dd>{h.foundAt.slice(0, 16).replace('T', ' ')}</dd>
          <dt>{t('hazard.deadline')}</dt>
          <dd className={h.daysOverdue > 0 ? 'warn' : ''}>{h.deadline}{h.daysOverdue > 0 && ` · ${t('myZone.daysOverdue', { days: h.daysOverdue })}`}
            {h.escalation !== 'none' && h.escalation !== 'grid' && ` · ${t(`escalation.${h.escalation}`)}`}</dd>
          <dt>{t('hazard.status')}</dt><dd data-testid="hazard-status">{t(`hazardStatus.${h.status}`)}</dd>
        </dl>
      </Section>
      <Section title={t('hazard.steps')}>
        <ol className="records timeline" data-testid="hazard-steps">
          {h.events.map((e) => (
            <li key={e.id}>
              <b>{t(`hazardStatus.${e.toStatus}`)}</b> · {e.at.slice(0, 16).replace('T', ' ')} · {e.by ?? '–'}
              {e.note && <small>{e.note}</small>}
              {e.evidence && <small>{t('hazard.evidence')}：{e.evidence}</small>}
              {e.photoIds.length > 0 && <div className="thumbs">{e.photoIds.map((id) => <img key={id} src={`/api/photos/${id}`} alt={t('photos.alt', { id })} />)}</div>}
            </li>
          ))}
        </ol>
      </Section>
      {h.notices.length > 0 && (
        <Section title={t('hazard.notices')}>
          <ul className="records">{h.notices.map((n) => <li key={n.id}>{n.typeName} {n.code}<small>{n.content}</small></li>)}</ul>
        </Section>
      )}
      {canSupervise(user.role as Role) && h.next.length > 0 && <NextStep api={api} hazard={h} />}
    </Panel>
  )
}

function NextStep({ api, hazard }: { api: ApiClient; hazard: HazardDetail }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [note, setNote] = useState('')
  const [evidence, setEvidence] = useState('')
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const move = useMutation({
    mutationFn: (to: HazardDetail['next'][number]) =>
      unwrap(api.api.hazards[':id'].transitions.$post({ param: { id: String(hazard.id) }, json: { to, note, evidence, photoIds } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(['hazard', hazard.id], updated)
      void queryClient.invalidateQueries({ predicate: (q) => ['site', 'my-zone'].includes(String(q.queryKey[0])) })
      setNote(''); setEvidence(''); setPhotoIds([])
    },
  })
  return (
    <Section title={t('hazard.nextStep')}>
      <form className="record-form" onSubmit={(e) => e.preventDefault()}>
        <label>{t('hazard.note')}<textarea name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} /></label>
        <label>{t('hazard.evidence')}<textarea name="evidence" rows={2} maxLength={2000} value={evidence} onChange={(e) => setEvidence(e.target.value)} /></label>
        <PhotoPicker api={api} siteId={hazard.siteId} photoIds={photoIds} onChange={setPhotoIds} />
        {move.error && <p className="form-error" role="alert">{(move.error as ApiError).message}</p>}
        <div className="actions">
          {hazard.next.map((to) => (
            <button key={to} type="button" className={to === 'rectifying' && hazard.status === 'submitted' ? '' : 'primary'}
              data-testid={`move-${to}`} disabled={move.isPending} onClick={() => move.mutate(to)}>
              {t(hazard.status === 'submitted' && to === 'rectifying' ? 'hazard.reject' : `hazard.to.${to}`)}
            </button>
          ))}
        </div>
      </form>
    </Section>
  )
}
