import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type CraneStep, STEP_FIRM_KINDS, type StepRefusal } from '../../server/domain/crane-lifecycle.ts'
import type { EnterpriseKind } from '../../server/domain/enterprise.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, ApiError, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import type { MachinePage } from './crane-machine.tsx'

type Step = Exclude<CraneStep, 'filing'>

/** Registry firms of the kinds a step needs (the zone's, as the enterprise list gives them), by name. */
export function useFirms(api: ApiClient, kinds: readonly EnterpriseKind[]) {
  return useQuery({
    queryKey: ['crane-firms', kinds],
    queryFn: async () => {
      const pages = await Promise.all(kinds.map((kind) => unwrap(api.api.enterprises.$get({ query: { kind, limit: '500' } }))))
      const byId = new Map(pages.flatMap((p) => p.enterprises).map((e) => [e.id, e.name]))
      return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'zh'))
    },
  })
}

/**
 * 录入下一步: only the steps the machine's stage allows are offered. What the server still refuses (a date before the
 * last step, an expired inspection, a firm of the wrong kind) is shown in words, from the domain's reason.
 */
export function CraneStepForm({ api, machine }: { api: ApiClient; machine: MachinePage }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const steps = machine.nextSteps.filter((s): s is Step => s !== 'filing')
  const today = beijingDay(new Date())
  const [form, setForm] = useState({ step: steps[0] ?? 'maintenance', occurredOn: today, siteId: '', enterpriseId: '', personIds: [] as number[],
    passed: 'true', expiresOn: '', documentNo: '', note: '' })
  const step = steps.includes(form.step) ? form.step : steps[0]
  const firms = useFirms(api, step ? STEP_FIRM_KINDS[step] : [])
  const people = useQuery({
    queryKey: ['crane-firm-people', form.enterpriseId], enabled: step === 'install_notice' && form.enterpriseId !== '',
    queryFn: () => unwrap(api.api.people.$get({ query: { employer: form.enterpriseId, limit: '200' } })),
  })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const save = useMutation({
    mutationFn: async () => {
      const res = await api.api.cranes[':id'].steps.$post({ param: { id: String(machine.id) }, json: {
        step: step!, occurredOn: form.occurredOn, enterpriseId: Number(form.enterpriseId), personIds: form.personIds, note: form.note,
        siteId: step === 'install_notice' ? Number(form.siteId) : null,
        ...(step === 'inspection' ? { passed: form.passed === 'true', expiresOn: form.passed === 'true' ? form.expiresOn : null } : {}),
        documentNo: form.documentNo.trim() || null,
      } })
      if (res.status === 422) {
        const { error } = await res.json() as { error: { code: string; message: string; details?: { reason?: StepRefusal } } }
        throw new ApiError(422, error.code, error.details?.reason ? t(`cranes.refusal.${error.details.reason}`) : error.message)
      }
      return unwrap(Promise.resolve(res))
    },
    onSuccess: (page) => {
      queryClient.setQueryData(['crane-machine', machine.id], page)
      queryClient.invalidateQueries({ queryKey: ['crane-machines'] })
      setForm({ ...form, personIds: [], documentNo: '', note: '' })
    },
  })
  if (!step) return <p className="muted">{t('cranes.form.noStep')}</p>
  return (
    <form className="record-form" data-testid="crane-step-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('cranes.form.title')}</h3>
      <label>{t('cranes.form.step')}
        <select value={step} onChange={(e) => setForm({ ...form, step: e.target.value as Step, enterpriseId: '', personIds: [] })} name="step">
          {steps.map((s) => <option key={s} value={s}>{t(`cranes.step.${s}`)}</option>)}
        </select>
      </label>
      <label>{t('cranes.form.date')}<input type="date" value={form.occurredOn} max={today} onChange={set('occurredOn')} required name="occurredOn" /></label>
      {step === 'install_notice' && <label>{t('cranes.form.siteId')}<input type="number" min={1} value={form.siteId} onChange={set('siteId')} required name="siteId" /></label>}
      <label>{t(`cranes.form.firm.${step}`)}
        <select value={form.enterpriseId} onChange={(e) => setForm({ ...form, enterpriseId: e.target.value, personIds: [] })} required name="enterpriseId">
          <option value="">{t('cranes.form.chooseFirm')}</option>
          {(firms.data ?? []).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
        </select>
      </label>
      {step === 'install_notice' && (people.data?.people.length ?? 0) > 0 && (
        <label>{t('cranes.form.people')}
          <select multiple value={form.personIds.map(String)} name="personIds"
            onChange={(e) => setForm({ ...form, personIds: [...e.target.selectedOptions].map((o) => Number(o.value)) })}>
            {people.data!.people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
      )}
      {step === 'inspection' && (
        <>
          <label>{t('cranes.form.result')}
            <select value={form.passed} onChange={set('passed')} name="passed">
              <option value="true">{t('cranes.passed')}</option><option value="false">{t('cranes.failed')}</option>
            </select>
          </label>
          {form.passed === 'true' && <label>{t('cranes.form.expiresOn')}<input type="date" value={form.expiresOn} min={form.occurredOn} onChange={set('expiresOn')} required name="expiresOn" /></label>}
        </>
      )}
      <label>{t(step === 'use_registration' ? 'cranes.form.registrationNo' : 'cranes.form.documentNo')}
        <input value={form.documentNo} onChange={set('documentNo')} required={step === 'use_registration'} minLength={4} maxLength={40} name="documentNo" />
      </label>
      <label>{t('cranes.form.note')}<input value={form.note} onChange={set('note')} maxLength={500} name="note" /></label>
      <div className="actions"><button type="submit" className="primary" disabled={save.isPending}>{t('cranes.form.submit')}</button></div>
      <FormError error={save.error} />
      {save.data && <p className="notice" role="status" data-testid="crane-step-saved">{t('cranes.form.saved', { step: t(`cranes.step.${save.data.events.at(-1)!.step}`) })}</p>}
    </form>
  )
}
