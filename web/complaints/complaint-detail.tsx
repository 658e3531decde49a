import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { canSupervise, type Role } from '../../server/domain/roles.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { FormError } from '../ui/FormError.tsx'
import { Panel, Section } from '../ui/Panel.tsx'
import type { Complaint } from './complaint-list.tsx'

const MATCHERS: readonly Role[] = ['admin', 'city_command', 'district_supervisor', 'grid_supervisor']

/** One work order: what was said, where it was matched, and the two steps left to it (confirm and dispatch; close). */
export function ComplaintDetail({ api, role, id, onClose }: { api: ApiClient; role: Role; id: number; onClose(): void }) {
  const { t } = useTranslation()
  const complaint = useQuery({ queryKey: ['complaints', 'one', id], queryFn: () => unwrap(api.api.complaints[':id'].$get({ param: { id: String(id) } })) })
  const c = complaint.data
  return (
    <Panel title={c ? c.ticketNo : '…'} subtitle={c ? t(`complaints.status.${c.status}`) : undefined} onClose={onClose} testId="complaint-detail">
      {complaint.error && <p role="alert" className="form-error">{(complaint.error as Error).message}</p>}
      {c && (
        <>
          <Section title={t(`complaints.category.${c.category}`)}>
            <p>{c.content}</p>
            <dl className="facts">
              <dt>{t('complaints.col.receivedAt')}</dt><dd>{beijingMinute(c.receivedAt)} · {t(`complaints.channel.${c.channel}`)}</dd>
              <dt>{t('complaints.col.address')}</dt><dd>{c.address ?? '–'}</dd>
              <dt>{t('complaints.col.complainant')}</dt><dd data-testid="complainant">{c.complainantName ?? '–'} {c.complainantPhone ?? ''}</dd>
              <dt>{t('complaints.col.site')}</dt>
              <dd data-testid="complaint-site">{c.siteId === null ? t('complaints.noSite') : `${c.siteCode} ${c.siteName}`}
                {c.matchMethod && <small> · {t(`complaints.method.${c.matchMethod}`)} · {t('complaints.confidence', { value: c.matchConfidence })} · {c.matchConfirmed ? t('complaints.confirmed') : t('complaints.suggested')}</small>}</dd>
              <dt>{t('complaints.col.dispatchedTo')}</dt><dd>{c.dispatchedToName ?? '–'}</dd>
              <dt>{t('complaints.col.respondBy')}</dt><dd>{c.respondBy ? beijingMinute(c.respondBy) : '–'}{c.overdue && <strong className="warn"> {t('complaints.overdueTag')}</strong>}</dd>
              {c.status === 'closed' && <><dt>{t('complaints.col.reply')}</dt><dd>{c.reply}</dd>
                <dt>{t('complaints.col.founded')}</dt><dd data-testid="complaint-founded">{c.founded ? t('complaints.yes') : t('complaints.no')}
                  {c.hazardId !== null && <> · <a href={`/?sel=hazard:${c.hazardId}`}>{t('complaints.hazardLink', { id: c.hazardId })}</a></>}</dd></>}
            </dl>
          </Section>
          {c.status !== 'closed' && MATCHERS.includes(role) && <ConfirmForm api={api} complaint={c} />}
          {c.status === 'dispatched' && canSupervise(role) && <CloseForm api={api} complaint={c} />}
        </>
      )}
    </Panel>
  )
}

function ConfirmForm({ api, complaint }: { api: ApiClient; complaint: Complaint }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [siteId, setSiteId] = useState(complaint.siteId ? String(complaint.siteId) : '')
  const confirm = useMutation({
    mutationFn: () => unwrap(api.api.complaints[':id'].match.$post({ param: { id: String(complaint.id) }, json: { siteId: Number(siteId) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['complaints'] }),
  })
  return (
    <Section title={t('complaints.confirm.title')}>
      <form className="inline-form" data-testid="complaint-confirm" onSubmit={(e) => { e.preventDefault(); confirm.mutate() }}>
        <label>{t('complaints.confirm.siteId')}<input type="number" min={1} required value={siteId} onChange={(e) => setSiteId(e.target.value)} name="siteId" /></label>
        <button type="submit" disabled={confirm.isPending}>{t('complaints.confirm.submit')}</button>
      </form>
      <FormError error={confirm.error} />
    </Section>
  )
}

function CloseForm({ api, complaint }: { api: ApiClient; complaint: Complaint }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [form, setForm] = useState({ reply: '', evidence: '', founded: false, hazard: false, severity: 'general' as 'general' | 'major', description: '', deadline: beijingDay(addDays(new Date(), 7)) })
  const close = useMutation({
    mutationFn: () => unwrap(api.api.complaints[':id'].close.$post({ param: { id: String(complaint.id) }, json: {
      reply: form.reply, founded: form.founded, ...(form.evidence ? { evidence: form.evidence } : {}),
      ...(form.founded && form.hazard ? { hazard: { severity: form.severity, description: form.description, deadline: form.deadline } } : {}),
    } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['complaints'] }),
  })
  const text = (field: 'reply' | 'evidence' | 'description' | 'deadline') => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [field]: e.target.value })
  return (
    <Section title={t('complaints.close.title')}>
      <form className="record-form" data-testid="complaint-close" onSubmit={(e) => { e.preventDefault(); close.mutate() }}>
        <label>{t('complaints.close.reply')}<textarea required maxLength={2000} value={form.reply} onChange={text('reply')} name="reply" /></label>
        <label>{t('complaints.close.evidence')}<textarea maxLength={2000} value={form.evidence} onChange={text('evidence')} name="evidence" /></label>
        <label><input type="checkbox" checked={form.founded} onChange={(e) => setForm({ ...form, founded: e.target.checked })} name="founded" />{t('complaints.close.founded')}</label>
        {form.founded && <label><input type="checkbox" checked={form.hazard} onChange={(e) => setForm({ ...form, hazard: e.target.checked })} name="hazard" />{t('complaints.close.hazard')}</label>}
        {form.founded && form.hazard && (
          <>
            <label>{t('complaints.close.severity')}
              <select value={form.severity} onChange={(e) => setForm({ ...form, severity: e.target.value as 'general' | 'major' })} name="severity">
                <option value="general">{t('complaints.close.general')}</option><option value="major">{t('complaints.close.major')}</option>
              </select>
            </label>
            <label>{t('complaints.close.description')}<input required maxLength={500} value={form.description} onChange={text('description')} name="description" /></label>
            <label>{t('complaints.close.deadline')}<input type="date" required value={form.deadline} onChange={text('deadline')} name="deadline" /></label>
          </>
        )}
        <button type="submit" disabled={close.isPending}>{t('complaints.close.submit')}</button>
      </form>
      <FormError error={close.error} />
    </Section>
  )
}
