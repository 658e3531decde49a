import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { judgeConformity, MATERIALS, type Material, TEST_ITEMS } from '../../server/domain/testing.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, ApiError, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { Verdict } from './testing-reports.tsx'

/**
 * 录入检测报告: the verdict is computed as the server computes it when both values are numbers, and asked for
 * otherwise. What the server refuses (out of scope, not qualified, a number already recorded) is shown as it says.
 */
export function RecordReportForm({ api, siteId }: { api: ApiClient; siteId?: number }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const institutions = useQuery({ queryKey: ['testing-institutions', 'all'], queryFn: () => unwrap(api.api.testing.institutions.$get({ query: {} })) })
  const today = beijingDay(new Date())
  const [form, setForm] = useState({
    reportNo: '', institutionId: '', siteId: siteId ? String(siteId) : '', material: 'concrete' as Material, item: TEST_ITEMS.concrete[0].item,
    requiredValue: TEST_ITEMS.concrete[0].required, measuredValue: '', verdict: '' as '' | 'true' | 'false', sampledOn: today, issuedOn: today,
  })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const setMaterial = (material: Material) => setForm({ ...form, material, item: TEST_ITEMS[material][0].item, requiredValue: TEST_ITEMS[material][0].required })
  const judged = judgeConformity(form.requiredValue, form.measuredValue)
  // The refusals this form can meet, said in the user's language; anything else as the server said it.
  const explain = (error: Error | null) => (error instanceof ApiError && i18n.exists(`testing.error.${error.code}`)
    ? new ApiError(error.status, error.code, t(`testing.error.${error.code}`), error.details) : error)
  const save = useMutation({
    mutationFn: () => unwrap(api.api.testing.reports.$post({ json: {
      reportNo: form.reportNo, institutionId: Number(form.institutionId), siteId: Number(form.siteId), material: form.material, item: form.item,
      requiredValue: form.requiredValue, measuredValue: form.measuredValue, sampledOn: form.sampledOn, issuedOn: form.issuedOn,
      ...(judged === null && form.verdict ? { conforming: form.verdict === 'true' } : {}),
    } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['testing-reports'] }),
  })
  return (
    <form className="record-form" data-testid="record-report" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('testing.form.newReport')}</h3>
      <label>{t('testing.col.reportNo')}<input value={form.reportNo} onChange={set('reportNo')} required minLength={4} maxLength={60} name="reportNo" /></label>
      {!siteId && <label>{t('testing.form.siteId')}<input type="number" min={1} value={form.siteId} onChange={set('siteId')} required name="siteId" /></label>}
      <label>{t('testing.col.institution')}
        <select value={form.institutionId} onChange={set('institutionId')} required name="institutionId">
          <option value="">{t('testing.form.chooseInstitution')}</option>
          {(institutions.data?.items ?? []).map((i) => <option key={i.id} value={i.id}>{i.name}（{t(`testing.origin.${i.origin}`)}）</option>)}
        </select>
      </label>
      <label>{t('testing.col.material')}
        <select value={form.material} onChange={(e) => setMaterial(e.target.value as Material)} name="material">
          {MATERIALS.map((m) => <option key={m} value={m}>{t(`testing.material.${m}`)}</option>)}
        </select>
      </label>
      <label>{t('testing.col.item')}
        <input value={form.item} onChange={set('item')} list="testing-items" required minLength={2} maxLength={100} name="item" />
        <datalist id="testing-items">{TEST_ITEMS[form.material].map((i) => <option key={i.item} value={i.item} />)}</datalist>
      </label>
      <label>{t('testing.col.required')}<input value={form.requiredValue} onChange={set('requiredValue')} maxLength={60} placeholder="C30 / ≥400 / ≤0.06% / ±4.5%" name="requiredValue" /></label>
      <label>{t('testing.col.measured')}<input value={form.measuredValue} onChange={set('measuredValue')} maxLength={60} name="measuredValue" /></label>
      {judged !== null
        ? <p data-testid="verdict-preview">{t('testing.form.verdictAuto', { verdict: '' })}<Verdict report={{ conforming: judged, material: form.material }} /></p>
        : (
          <label>{t('testing.form.verdictManual')}
            <select value={form.verdict} onChange={set('verdict')} name="verdict">
              <option value="">–</option><option value="true">{t('testing.conforming')}</option><option value="false">{t('testing.nonConformingTag')}</option>
            </select>
          </label>
        )}
      <label>{t('testing.col.sampledOn')}<input type="date" value={form.sampledOn} max={form.issuedOn} onChange={set('sampledOn')} required /></label>
      <label>{t('testing.col.issuedOn')}<input type="date" value={form.issuedOn} max={today} onChange={set('issuedOn')} required /></label>
      <div className="actions"><button type="submit" className="primary" disabled={save.isPending}>{t('testing.form.submit')}</button></div>
      <FormError error={explain(save.error)} />
      {save.data && (
        <p className="notice" role="status" data-testid="report-saved">
          {t('testing.form.saved', { no: save.data.reportNo })}
          {save.data.hazardId !== null && <> · {t('testing.form.hazardOpened', { category: t(`testing.campaign.${save.data.material}`) })}</>}
        </p>
      )}
    </form>
  )
}
