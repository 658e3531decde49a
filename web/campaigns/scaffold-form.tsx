import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { judgeSampling, limitsFor, type Measurement, PROPERTY_UNITS, propertiesOf, SCAFFOLD_COMPONENTS, type ScaffoldComponent } from '../../server/domain/scaffold.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, ApiError, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'

/** Numbers typed one per sample, separated by spaces, commas or 、. */
const VALUES = /^\s*\d+(\.\d+)?([\s,，、]+\d+(\.\d+)?)*\s*$/
const parse = (text: string) => text.split(/[\s,，、]+/).filter(Boolean).map(Number)
export const limitText = (limit: { min: number; max?: number } | null) => (limit === null ? '–' : limit.max === undefined ? `≥ ${limit.min}` : `${limit.min} – ${limit.max}`)

/**
 * 录入抽查抽测结果: the measured values per property, with the limit each is judged against and the batch's verdict
 * computed as the server computes it. What the server refuses (lab not qualified, site out of zone) is shown as it says.
 */
export function SamplingForm({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation()
  const queryClient = useQueryClient()
  const labs = useQuery({ queryKey: ['scaffold-labs'], queryFn: () => unwrap(api.api.scaffold.labs.$get()) })
  const today = beijingDay(new Date())
  const [form, setForm] = useState({ siteId: '', campaignId: '', sampledOn: today, component: 'standard' as ScaffoldComponent, batchNo: '', manufacturerName: '', sampleCount: '3', labId: '' })
  const [typed, setTyped] = useState<Record<string, string>>({})
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const results: Measurement[] = propertiesOf(form.component).filter((p) => VALUES.test(typed[p] ?? '')).map((property) => ({ property, values: parse(typed[property]) }))
  const limits = limitsFor(form.component, results)
  const judgment = results.length > 0 ? judgeSampling(form.component, results) : null
  const explain = (error: Error | null) => (error instanceof ApiError && i18n.exists(`scaffold.error.${error.code}`)
    ? new ApiError(error.status, error.code, t(`scaffold.error.${error.code}`), error.details) : error)
  const save = useMutation({
    mutationFn: () => unwrap(api.api.scaffold.samplings.$post({ json: {
      siteId: Number(form.siteId), ...(form.campaignId ? { campaignId: Number(form.campaignId) } : {}), sampledOn: form.sampledOn,
      component: form.component, batchNo: form.batchNo, manufacturerName: form.manufacturerName, sampleCount: Number(form.sampleCount),
      labId: Number(form.labId), results,
    } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['scaffold'] }),
  })
  return (
    <form className="record-form" data-testid="scaffold-form" onSubmit={(e) => { e.preventDefault(); if (results.length > 0) save.mutate() }}>
      <h3>{t('scaffold.form.title')}</h3>
      <label>{t('scaffold.form.siteId')}<input type="number" min={1} value={form.siteId} onChange={set('siteId')} required name="siteId" /></label>
      <label>{t('scaffold.form.campaignId')}<input type="number" min={1} value={form.campaignId} onChange={set('campaignId')} name="campaignId" /></label>
      <label>{t('scaffold.col.sampledOn')}<input type="date" value={form.sampledOn} max={today} onChange={set('sampledOn')} required name="sampledOn" /></label>
      <label>{t('scaffold.col.component')}
        <select value={form.component} onChange={(e) => { setForm({ ...form, component: e.target.value as ScaffoldComponent }); setTyped({}) }} name="component">
          {SCAFFOLD_COMPONENTS.map((c) => <option key={c} value={c}>{t(`scaffold.component.${c}`)}</option>)}
        </select>
      </label>
      <label>{t('scaffold.col.batchNo')}<input value={form.batchNo} onChange={set('batchNo')} required maxLength={64} name="batchNo" /></label>
      <label>{t('scaffold.col.manufacturer')}<input value={form.manufacturerName} onChange={set('manufacturerName')} required minLength={2} maxLength={200} name="manufacturerName" /></label>
      <label>{t('scaffold.col.sampleCount')}<input type="number" min={1} max={100} value={form.sampleCount} onChange={set('sampleCount')} required name="sampleCount" /></label>
      <label>{t('scaffold.col.lab')}
        <select value={form.labId} onChange={set('labId')} required name="labId">
          <option value="">{t('scaffold.form.chooseLab')}</option>
          {(labs.data?.items ?? []).map((l) => <option key={l.id} value={l.id}>{l.name}</option>)}
        </select>
      </label>
      <table className="grid-table" data-testid="scaffold-values">
        <thead><tr><th>{t('scaffold.col.property')}</th><th>{t('scaffold.col.values')}</th><th>{t('scaffold.col.limit')}</th></tr></thead>
        <tbody>
          {propertiesOf(form.component).map((p) => (
            <tr key={p}>
              <td>{t(`scaffold.property.${p}`)}（{PROPERTY_UNITS[p]}）</td>
              <td><input value={typed[p] ?? ''} onChange={(e) => setTyped({ ...typed, [p]: e.target.value })} name={p} pattern={VALUES.source} placeholder={t('scaffold.form.valuesHint')} /></td>
              <td>{limitText(limits[p])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {judgment
        ? <p data-testid="scaffold-preview">{t('scaffold.form.preview')}<VerdictTag verdict={judgment.verdict} />{judgment.failedSamples > 0 && <> · {t('scaffold.form.failedOf', { count: judgment.failedSamples })}</>}</p>
        : <p className="muted">{t('scaffold.form.noValues')}</p>}
      <div className="actions"><button type="submit" className="primary" disabled={save.isPending || results.length === 0}>{t('scaffold.form.submit')}</button></div>
      <FormError error={explain(save.error)} />
      {save.data && (
        <p className="notice" role="status" data-testid="scaffold-saved">
          {t('scaffold.form.saved', { batch: save.data.batchNo, verdict: t(`scaffold.verdict.${save.data.verdict}`) })}
          {save.data.hazardId !== null && <> · {t('scaffold.form.hazardOpened', { id: save.data.hazardId })}</>}
        </p>
      )}
    </form>
  )
}

export function VerdictTag({ verdict }: { verdict: 'pass' | 'fail' }) {
  const { t } = useTranslation()
  return verdict === 'pass' ? <span className="muted">{t('scaffold.verdict.pass')}</span> : <strong className="warn" data-testid="scaffold-fail">{t('scaffold.verdict.fail')}</strong>
}
