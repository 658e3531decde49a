import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CRANE_KINDS, type CraneKind } from '../../server/domain/crane-lifecycle.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { navigate } from '../ui/router.ts'
import { useFirms } from './crane-step-form.tsx'

const OWNER_KINDS = ['crane_owner'] as const

/** 产权备案 (admin): a new machine with its owner from the registry; it then waits in the yard for an install notice. */
export function FileMachineForm({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const owners = useFirms(api, OWNER_KINDS)
  const today = beijingDay(new Date())
  const [form, setForm] = useState({ recordNo: '', kind: 'tower_crane' as CraneKind, maker: '', model: '', madeYear: '', ownerId: '', filedOn: today })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.cranes.$post({ json: {
      recordNo: form.recordNo, kind: form.kind, maker: form.maker, model: form.model, madeYear: form.madeYear ? Number(form.madeYear) : null,
      ownerId: Number(form.ownerId), filedOn: form.filedOn,
    } })),
    onSuccess: (machine) => {
      queryClient.invalidateQueries({ queryKey: ['crane-machines'] })
      navigate(`/registry/cranes/${machine.id}`)
    },
  })
  return (
    <details className="record-form">
      <summary>{t('cranes.file.title')}</summary>
      <form data-testid="crane-file-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
        <label>{t('cranes.col.recordNo')}<input value={form.recordNo} onChange={set('recordNo')} required minLength={4} maxLength={40} name="recordNo" /></label>
        <label>{t('cranes.col.kind')}
          <select value={form.kind} onChange={set('kind')} name="kind">{CRANE_KINDS.map((k) => <option key={k} value={k}>{t(`crane.${k}`)}</option>)}</select>
        </label>
        <label>{t('cranes.maker')}<input value={form.maker} onChange={set('maker')} maxLength={60} name="maker" /></label>
        <label>{t('cranes.model')}<input value={form.model} onChange={set('model')} maxLength={60} name="model" /></label>
        <label>{t('cranes.madeYear')}<input type="number" min={1970} max={Number(today.slice(0, 4))} value={form.madeYear} onChange={set('madeYear')} name="madeYear" /></label>
        <label>{t('cranes.col.owner')}
          <select value={form.ownerId} onChange={set('ownerId')} required name="ownerId">
            <option value="">{t('cranes.file.chooseOwner')}</option>
            {(owners.data ?? []).map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        </label>
        <label>{t('cranes.filedOn')}<input type="date" value={form.filedOn} max={today} onChange={set('filedOn')} required name="filedOn" /></label>
        <div className="actions"><button type="submit" className="primary" disabled={save.isPending}>{t('cranes.file.submit')}</button></div>
        <FormError error={save.error} />
      </form>
    </details>
  )
}
