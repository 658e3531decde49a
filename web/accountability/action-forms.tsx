import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ACTION_KINDS, type ActionKind } from '../../server/domain/accountability.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { navigate } from '../ui/router.ts'

/*
 * The office issues an action (the server numbers it and snapshots the district's figures); the district's
 * supervisor replies once. Whatever the server refuses (a deadline out of range, an accident elsewhere) is shown as it says.
 */

export function IssueForm({ api, prefill }: { api: ApiClient; prefill: { districtId: string; kind: ActionKind } | null }) {
  const { t } = useTranslation()
  const districts = useQuery({ queryKey: ['accountability-districts'], queryFn: () => unwrap(api.api.accountability.districts.$get()) })
  const [form, setForm] = useState({ districtId: prefill?.districtId ?? '', kind: prefill?.kind ?? 'supervision_letter', reason: '', deadline: '', accidentId: '' })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setForm({ ...form, [field]: e.target.value })
  const issue = useMutation({
    mutationFn: () => unwrap(api.api.accountability.actions.$post({ json: {
      districtId: Number(form.districtId), kind: form.kind, reason: form.reason.trim(),
      ...(form.deadline ? { deadline: form.deadline } : {}), accidentId: form.accidentId ? Number(form.accidentId) : null,
    } })),
    onSuccess: (action) => navigate(`/accountability/actions/${action.id}`),
  })
  return (
    <form className="record-form" data-testid="issue-action" onSubmit={(e) => { e.preventDefault(); issue.mutate() }}>
      <h3>{t('accountability.issue.title')}</h3>
      <label>{t('accountability.issue.district')}
        <select name="districtId" value={form.districtId} onChange={set('districtId')} required>
          <option value="" />
          {(districts.data?.districts ?? []).map((d) => <option key={d.districtId} value={d.districtId}>{d.name}</option>)}
        </select>
      </label>
      <label>{t('accountability.issue.kind')}
        <select name="kind" value={form.kind} onChange={set('kind')}>
          {ACTION_KINDS.map((k) => <option key={k} value={k}>{t(`accountability.kind.${k}`)}</option>)}
        </select>
      </label>
      <label>{t('accountability.issue.reason')}<textarea name="reason" value={form.reason} onChange={set('reason')} required minLength={2} maxLength={2000} rows={3} /></label>
      <label>{t('accountability.issue.deadline')}<input name="deadline" type="date" value={form.deadline} onChange={set('deadline')} /></label>
      <label>{t('accountability.issue.accident')}<input name="accidentId" type="number" min={1} value={form.accidentId} onChange={set('accidentId')} /></label>
      <button type="submit" disabled={issue.isPending}>{t('accountability.issue.submit')}</button>
      <FormError error={issue.error} />
    </form>
  )
}

export function ReplyForm({ api, id }: { api: ApiClient; id: number }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [reply, setReply] = useState('')
  const send = useMutation({
    mutationFn: () => unwrap(api.api.accountability.actions[':id'].reply.$post({ param: { id: String(id) }, json: { reply: reply.trim() } })),
    onSuccess: (action) => queryClient.setQueryData(['accountability-action', id], action),
  })
  return (
    <form className="record-form" data-testid="reply-action" onSubmit={(e) => { e.preventDefault(); send.mutate() }}>
      <h3>{t('accountability.replyForm.title')}</h3>
      <label>{t('accountability.replyForm.text')}<textarea name="reply" value={reply} onChange={(e) => setReply(e.target.value)} required minLength={2} maxLength={2000} rows={4} /></label>
      <button type="submit" disabled={send.isPending}>{t('accountability.replyForm.submit')}</button>
      <FormError error={send.error} />
    </form>
  )
}
