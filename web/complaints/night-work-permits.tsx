import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { canSupervise, type Role } from '../../server/domain/roles.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'

/** 夜间施工许可: the zone's permits, and for the field roles the form to record one. */
export function NightWorkPermits({ api, role }: { api: ApiClient; role: Role }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const permits = useQuery({ queryKey: ['night-work-permits'], queryFn: () => unwrap(api.api.complaints['night-work-permits'].$get({ query: {} })) })
  const [form, setForm] = useState({ siteId: '', permitNo: '', validFrom: beijingDay(new Date()), validTo: beijingDay(addDays(new Date(), 14)), startsAt: '22:00', endsAt: '06:00', reason: '' })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: e.target.value })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.complaints['night-work-permits'].$post({ json: { ...form, siteId: Number(form.siteId) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['night-work-permits'] }),
  })
  return (
    <section data-testid="night-work-permits">
      {canSupervise(role) && (
        <form className="record-form" data-testid="permit-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
          <h3>{t('complaints.permits.new')}</h3>
          <label>{t('complaints.permits.siteId')}<input type="number" min={1} required value={form.siteId} onChange={set('siteId')} name="siteId" /></label>
          <label>{t('complaints.permits.permitNo')}<input required maxLength={64} value={form.permitNo} onChange={set('permitNo')} name="permitNo" /></label>
          <label>{t('complaints.permits.validFrom')}<input type="date" required value={form.validFrom} onChange={set('validFrom')} /></label>
          <label>{t('complaints.permits.validTo')}<input type="date" required value={form.validTo} onChange={set('validTo')} /></label>
          <label>{t('complaints.permits.startsAt')}<input type="time" required value={form.startsAt} onChange={set('startsAt')} /></label>
          <label>{t('complaints.permits.endsAt')}<input type="time" required value={form.endsAt} onChange={set('endsAt')} title={t('complaints.permits.overMidnight')} /></label>
          <label>{t('complaints.permits.reason')}<input maxLength={500} value={form.reason} onChange={set('reason')} /></label>
          <button type="submit" disabled={save.isPending}>{t('complaints.permits.submit')}</button>
          <FormError error={save.error} />
        </form>
      )}
      {permits.error && <p role="alert" className="form-error">{(permits.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr><th>{t('complaints.permits.permitNo')}</th><th>{t('complaints.permits.site')}</th><th>{t('complaints.permits.dates')}</th><th>{t('complaints.permits.hours')}</th><th>{t('complaints.permits.reason')}</th></tr></thead>
        <tbody>{(permits.data?.permits ?? []).map((p) => (
          <tr key={p.id} data-testid={`permit-${p.permitNo}`}><td>{p.permitNo}</td><td>{p.siteCode} {p.siteName}</td><td>{p.validFrom} – {p.validTo}</td><td>{p.startsAt} – {p.endsAt}</td><td>{p.reason}</td></tr>
        ))}</tbody>
      </table>
    </section>
  )
}
