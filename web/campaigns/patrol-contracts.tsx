import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'

export type PatrolContract = InferResponseType<ApiClient['api']['patrol']['contracts']['$get'], 200>[number]

export const usePatrolContracts = (api: ApiClient) =>
  useQuery({ queryKey: ['patrol-contracts'], queryFn: () => unwrap(api.api.patrol.contracts.$get()) })

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`)

/** The contracts with the firm's performance: patrols against the contract (to date and in full), findings confirmed, timeliness. */
export function ContractsTable({ contracts, selectedId, onSelect }: { contracts: PatrolContract[]; selectedId: number | null; onSelect?(id: number): void }) {
  const { t } = useTranslation()
  return (
    <table className="grid-table" data-testid="patrol-contracts">
      <thead><tr>
        <th>{t('patrol.contractNo')}</th><th>{t('patrol.firm')}</th><th>{t('patrol.district')}</th><th>{t('patrol.period')}</th>
        <th>{t('patrol.done')}</th><th>{t('patrol.confirmedShare')}</th><th>{t('patrol.onTimeShare')}</th>
      </tr></thead>
      <tbody>
        {contracts.map((c) => (
          <tr key={c.id} className={c.id === selectedId ? 'selected' : ''} data-testid={`patrol-contract-${c.contractNo}`}
            onClick={() => onSelect?.(c.id)} style={onSelect ? { cursor: 'pointer' } : undefined}>
            <td>{c.contractNo}</td><td>{c.firmName}</td><td>{c.districtName} · {t('patrol.areaKm2', { km2: c.areaKm2 })}</td><td>{c.startsOn} ~ {c.endsOn}</td>
            <td data-testid="patrol-done">
              <strong>{c.performance.done}</strong> / {c.performance.required}
              <div className="muted">{t('patrol.doneToDate', { n: c.performance.requiredToDate, share: percent(c.performance.doneShareToDate) })}</div>
            </td>
            <td>{percent(c.performance.confirmedShare)} <span className="muted">({c.counts.confirmed}/{c.counts.confirmed + c.counts.rejected})</span></td>
            <td>{percent(c.performance.onTimeShare)}{c.counts.overdue > 0 && <div className="warn">{t('patrol.overdue', { count: c.counts.overdue })}</div>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Admin records a contract with a supervision firm; its area is the buying district unless drawn (drawing is the API's). */
export function NewContractForm({ api, onDone }: { api: ApiClient; onDone(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const firms = useQuery({ queryKey: ['supervision-firms'], queryFn: () => unwrap(api.api.enterprises.$get({ query: { kind: 'supervisor', limit: '500' } })) })
  const districts = useQuery({ queryKey: ['layer-districts'], queryFn: () => unwrap(api.api.layers.districts.$get()) })
  const today = beijingDay(new Date())
  const [form, setForm] = useState({ contractNo: '', enterpriseId: 0, districtId: 0, startsOn: today, endsOn: beijingDay(addDays(new Date(), 365)), patrolsRequired: 100, reportWithinDays: 3 })
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.patrol.contracts.$post({ json: form })),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['patrol-contracts'] }); onDone() },
  })
  return (
    <form className="record-form" data-testid="patrol-contract-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('patrol.newContract')}</h3>
      <label>{t('patrol.contractNo')}<input value={form.contractNo} maxLength={64} required onChange={(e) => set({ contractNo: e.target.value })} /></label>
      <label>{t('patrol.firm')}
        <select value={form.enterpriseId || ''} required onChange={(e) => set({ enterpriseId: Number(e.target.value) })}>
          <option value="">{t('patrol.select')}</option>
          {(firms.data?.enterprises ?? []).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
        </select>
      </label>
      <label>{t('patrol.district')}
        <select value={form.districtId || ''} required onChange={(e) => set({ districtId: Number(e.target.value) })}>
          <option value="">{t('patrol.select')}</option>
          {(districts.data?.features ?? []).map((d) => <option key={d.id} value={d.id}>{String(d.properties.name)}</option>)}
        </select>
        <small>{t('patrol.area')}: {t('patrol.areaDefault')}</small>
      </label>
      <label>{t('patrol.startsOn')}<input type="date" value={form.startsOn} required onChange={(e) => set({ startsOn: e.target.value })} /></label>
      <label>{t('patrol.endsOn')}<input type="date" value={form.endsOn} required onChange={(e) => set({ endsOn: e.target.value })} /></label>
      <label>{t('patrol.required')}<input type="number" min={1} value={form.patrolsRequired} required onChange={(e) => set({ patrolsRequired: Number(e.target.value) })} /></label>
      <label>{t('patrol.reportWithin')}<input type="number" min={1} max={60} value={form.reportWithinDays} required onChange={(e) => set({ reportWithinDays: Number(e.target.value) })} /></label>
      <FormError error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>{t('patrol.save')}</button>
        <button type="button" onClick={onDone}>{t('close')}</button>
      </div>
    </form>
  )
}
