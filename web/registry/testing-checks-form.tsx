import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CAPABILITY_RESULTS, INSPECTION_OUTCOMES } from '../../server/domain/testing.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'

/** The admin's two records of an institution itself: a 能力验证 result and a 飞行检查 with its findings. */
export function InstitutionChecksForms({ api, institutionId }: { api: ApiClient; institutionId: number }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const param = { id: String(institutionId) }
  const today = beijingDay(new Date())
  const [capability, setCapability] = useState({ scheme: '', item: '', result: 'satisfactory' as (typeof CAPABILITY_RESULTS)[number], heldOn: today })
  const [check, setCheck] = useState({ day: today, outcome: 'pass' as (typeof INSPECTION_OUTCOMES)[number], findings: '' })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['testing-institution', institutionId] })
  const saveCapability = useMutation({
    mutationFn: () => unwrap(api.api.testing.institutions[':id']['capability-verifications'].$post({ param, json: capability })), onSuccess: refresh,
  })
  const saveCheck = useMutation({
    mutationFn: () => unwrap(api.api.testing.institutions[':id']['flight-checks'].$post({ param, json: {
      inspectedAt: check.day === today ? new Date().toISOString() : `${check.day}T09:00:00+08:00`, outcome: check.outcome, findings: check.findings,
    } })),
    onSuccess: refresh,
  })
  return (
    <div className="testing-forms">
      <form className="record-form" data-testid="capability-form" onSubmit={(e) => { e.preventDefault(); saveCapability.mutate() }}>
        <h3>{t('testing.form.newCapability')}</h3>
        <label>{t('testing.record.scheme')}<input value={capability.scheme} minLength={2} maxLength={100} required onChange={(e) => setCapability({ ...capability, scheme: e.target.value })} /></label>
        <label>{t('testing.col.item')}<input value={capability.item} minLength={2} maxLength={100} required onChange={(e) => setCapability({ ...capability, item: e.target.value })} /></label>
        <label>{t('testing.col.verdict')}
          <select value={capability.result} onChange={(e) => setCapability({ ...capability, result: e.target.value as typeof capability.result })}>
            {CAPABILITY_RESULTS.map((r) => <option key={r} value={r}>{t(`testing.result.${r}`)}</option>)}
          </select>
        </label>
        <label>{t('testing.record.heldOn')}<input type="date" value={capability.heldOn} max={today} required onChange={(e) => setCapability({ ...capability, heldOn: e.target.value })} /></label>
        <div className="actions"><button type="submit" className="primary" disabled={saveCapability.isPending}>{t('testing.form.submit')}</button></div>
        <FormError error={saveCapability.error} />
        {saveCapability.isSuccess && <p className="notice" role="status">{t('testing.form.savedRecord')}</p>}
      </form>
      <form className="record-form" data-testid="flight-check-form" onSubmit={(e) => { e.preventDefault(); saveCheck.mutate() }}>
        <h3>{t('testing.form.newFlightCheck')}</h3>
        <label>{t('testing.record.inspectedAt')}<input type="date" value={check.day} max={today} required onChange={(e) => setCheck({ ...check, day: e.target.value })} /></label>
        <label>{t('testing.col.verdict')}
          <select value={check.outcome} onChange={(e) => setCheck({ ...check, outcome: e.target.value as typeof check.outcome })}>
            {INSPECTION_OUTCOMES.map((o) => <option key={o} value={o}>{t(`testing.outcome.${o}`)}</option>)}
          </select>
        </label>
        <label>{t('testing.record.findings')}<textarea value={check.findings} maxLength={4000} onChange={(e) => setCheck({ ...check, findings: e.target.value })} /></label>
        <div className="actions"><button type="submit" className="primary" disabled={saveCheck.isPending}>{t('testing.form.submit')}</button></div>
        <FormError error={saveCheck.error} />
        {saveCheck.isSuccess && <p className="notice" role="status">{t('testing.form.savedRecord')}</p>}
      </form>
    </div>
  )
}
