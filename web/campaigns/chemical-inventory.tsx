import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { HAZARD_CLASSES, type HazardClass } from '../../server/domain/chemicals.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { FormError } from '../ui/FormError.tsx'

/**
 * 危化品台账: the zone's chemicals by site, filtered by class, exportable; a field role can mark one removed from its
 * site (清退) after confirming.
 */
export function ChemicalInventory({ api, canWrite }: { api: ApiClient; canWrite: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [hazardClass, setHazardClass] = useState<HazardClass | ''>('')
  const [confirming, setConfirming] = useState<number | null>(null)
  const filter = hazardClass ? { hazardClass } : {}
  const list = useQuery({
    queryKey: ['chemicals', 'inventory', filter], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.chemicals.inventory.$get({ query: { ...filter, limit: '500' } })),
  })
  const remove = useMutation({
    mutationFn: (id: number) => unwrap(api.api.chemicals.inventory[':id'].$delete({ param: { id: String(id) }, query: {} })),
    onSuccess: () => { setConfirming(null); return queryClient.invalidateQueries({ queryKey: ['chemicals'] }) },
  })
  return (
    <section data-testid="chemical-inventory">
      <div className="inline-form">
        <select value={hazardClass} onChange={(e) => setHazardClass(e.target.value as HazardClass | '')} aria-label={t('chemicals.col.hazardClass')} data-testid="chemical-class-filter">
          <option value="">{t('chemicals.filter.anyClass')}</option>
          {HAZARD_CLASSES.map((c) => <option key={c} value={c}>{c} {t(`chemicals.hazardClass.${c}`)}</option>)}
        </select>
        {list.data && <span className="muted" data-testid="chemical-total">{t('chemicals.total', { count: list.data.total })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName="危化品台账"
          request={(format) => api.api.chemicals.inventory.export.$get({ query: { ...filter, format } })} />
      </div>
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <FormError error={remove.error} />
      <table className="grid-table">
        <thead><tr>
          <th>{t('chemicals.col.site')}</th><th>{t('chemicals.col.name')}</th><th>{t('chemicals.col.casNo')}</th><th>{t('chemicals.col.unNo')}</th>
          <th>{t('chemicals.col.hazardClass')}</th><th>{t('chemicals.col.quantity')}</th><th>{t('chemicals.col.storageNote')}</th>
          <th>{t('chemicals.col.responsible')}</th><th>{t('chemicals.col.lastSurveyed')}</th>{canWrite && <th>{t('chemicals.col.actions')}</th>}
        </tr></thead>
        <tbody>
          {(list.data?.items ?? []).map((c) => (
            <tr key={c.id} data-testid={`chemical-${c.id}`}>
              <td><a href={`/?sel=site:${c.siteId}`}>{c.siteCode} {c.siteName}</a></td>
              <td>{c.name}</td><td>{c.casNo ?? '–'}</td><td>{c.unNo ?? '–'}</td>
              <td>{c.hazardClass} {t(`chemicals.hazardClass.${c.hazardClass}`)}</td><td>{c.maxQuantity} {c.unit}</td>
              <td>{c.storageNote || '–'}</td><td>{c.responsibleName}</td><td>{c.lastSurveyedAt?.slice(0, 10) ?? '–'}</td>
              {canWrite && (
                <td>
                  {confirming === c.id
                    ? <button type="button" className="link warn" onClick={() => remove.mutate(c.id)} disabled={remove.isPending}>{t('chemicals.removeConfirm')}</button>
                    : <button type="button" className="link" onClick={() => setConfirming(c.id)} data-testid={`remove-${c.id}`}>{t('chemicals.remove')}</button>}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.total === 0 && <p className="muted">{t('chemicals.none')}</p>}
    </section>
  )
}
