import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { casProblem, COMMON_CHEMICALS, HAZARD_CLASSES, type HazardClass, QUANTITY_UNITS } from '../../server/domain/chemicals.ts'
import { type ApiClient, ApiError, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'

const EMPTY = {
  siteId: '', name: '', casNo: '', unNo: '', hazardClass: '3' as HazardClass, maxQuantity: '', unit: 'kg' as (typeof QUANTITY_UNITS)[number],
  lon: '', lat: '', storageNote: '', responsibleName: '', responsibleEnterpriseId: '',
}

/** The forms lay their fields out in columns: a long ledger row would otherwise take a screen's height. */
export const COMPACT: React.CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', alignItems: 'end', gap: 8 }
export const WIDE: React.CSSProperties = { gridColumn: '1 / -1' }

/** The refusals a chemicals form can meet, said in the user's language; anything else as the server said it. */
export function useExplain() {
  const { t, i18n } = useTranslation()
  return (error: Error | null) => (error instanceof ApiError && i18n.exists(`chemicals.error.${error.code}`)
    ? new ApiError(error.status, error.code, t(`chemicals.error.${error.code}`), error.details) : error)
}

/**
 * 登记危化品: a common chemical fills in its CAS and UN numbers and class; the CAS check digit is checked here as
 * the server checks it, and the storage point must lie on the site (the server says so when it does not).
 */
export function ChemicalForm({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const explain = useExplain()
  const queryClient = useQueryClient()
  const [form, setForm] = useState(EMPTY)
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const pickName = (name: string) => {
    const common = COMMON_CHEMICALS.find((c) => c.name === name)
    setForm(common ? { ...form, name, casNo: common.casNo ?? '', unNo: common.unNo, hazardClass: common.hazardClass, unit: common.unit } : { ...form, name })
  }
  const casBad = form.casNo !== '' && casProblem(form.casNo) !== null
  const save = useMutation({
    mutationFn: () => unwrap(api.api.chemicals.inventory.$post({ json: {
      siteId: Number(form.siteId), name: form.name, casNo: form.casNo || null, unNo: form.unNo || null, hazardClass: form.hazardClass,
      maxQuantity: Number(form.maxQuantity), unit: form.unit, storageLocation: { lon: Number(form.lon), lat: Number(form.lat) }, storageNote: form.storageNote,
      ...(form.responsibleEnterpriseId ? { responsibleEnterpriseId: Number(form.responsibleEnterpriseId) } : { responsibleName: form.responsibleName }),
    } })),
    onSuccess: () => { setForm({ ...EMPTY, siteId: form.siteId, lon: form.lon, lat: form.lat }); return queryClient.invalidateQueries({ queryKey: ['chemicals'] }) },
  })
  return (
    <form className="record-form" data-testid="chemical-form" style={COMPACT} onSubmit={(e) => { e.preventDefault(); if (!casBad) save.mutate() }}>
      <h3 style={WIDE}>{t('chemicals.form.newChemical')}</h3>
      <label>{t('chemicals.form.siteId')}<input type="number" min={1} value={form.siteId} onChange={set('siteId')} required name="siteId" /></label>
      <label>{t('chemicals.col.name')}
        <input value={form.name} onChange={(e) => pickName(e.target.value)} list="common-chemicals" required maxLength={100} name="name" title={t('chemicals.form.suggestion')} />
        <datalist id="common-chemicals">{COMMON_CHEMICALS.map((c) => <option key={c.name} value={c.name} />)}</datalist>
      </label>
      <label>{t('chemicals.col.casNo')}<input value={form.casNo} onChange={set('casNo')} placeholder="74-86-2" name="casNo" aria-invalid={casBad} /></label>
      {casBad && <span className="form-error" data-testid="cas-invalid">{t('chemicals.form.casInvalid')}</span>}
      <label>{t('chemicals.col.unNo')}<input value={form.unNo} onChange={set('unNo')} placeholder="1001" pattern="\d{4}" name="unNo" /></label>
      <label>{t('chemicals.col.hazardClass')}
        <select value={form.hazardClass} onChange={set('hazardClass')} name="hazardClass">
          {HAZARD_CLASSES.map((c) => <option key={c} value={c}>{c} {t(`chemicals.hazardClass.${c}`)}</option>)}
        </select>
      </label>
      <label>{t('chemicals.col.quantity')}<input type="number" min={0} step="any" value={form.maxQuantity} onChange={set('maxQuantity')} required name="maxQuantity" /></label>
      <label>{t('chemicals.form.unit')}
        <select value={form.unit} onChange={set('unit')} name="unit">{QUANTITY_UNITS.map((u) => <option key={u} value={u}>{u}</option>)}</select>
      </label>
      <label>{t('chemicals.form.lon')}<input type="number" step="any" value={form.lon} onChange={set('lon')} required name="lon" /></label>
      <label>{t('chemicals.form.lat')}<input type="number" step="any" value={form.lat} onChange={set('lat')} required name="lat" /></label>
      <label>{t('chemicals.col.storageNote')}<input value={form.storageNote} onChange={set('storageNote')} maxLength={500} name="storageNote" /></label>
      <label>{t('chemicals.form.responsibleName')}<input value={form.responsibleName} onChange={set('responsibleName')} maxLength={200} name="responsibleName" /></label>
      <label>{t('chemicals.form.responsibleEnterpriseId')}<input type="number" min={1} value={form.responsibleEnterpriseId} onChange={set('responsibleEnterpriseId')} name="responsibleEnterpriseId" /></label>
      <div className="actions" style={WIDE}><button type="submit" className="primary" disabled={save.isPending || casBad}>{t('chemicals.form.submit')}</button></div>
      <FormError error={explain(save.error)} />
      {save.data && <p className="notice" role="status" data-testid="chemical-saved">{t('chemicals.form.saved', { name: save.data.name })}</p>}
    </form>
  )
}
