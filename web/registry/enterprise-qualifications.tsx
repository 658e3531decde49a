import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import type { EnterpriseDetail } from './enterprise-types.ts'

const GRADES = ['特级', '一级', '二级', '三级', '甲级', '乙级', '丙级', '不分等级'] as const
const STATUS_CLASS = { valid: '', expiring: 'late', expired: 'warn' } as const

/** 资质 with their expiry flagged; an admin adds and removes them. */
export function Qualifications({ api, enterprise, isAdmin }: { api: ApiClient; enterprise: EnterpriseDetail; isAdmin: boolean }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const param = { id: String(enterprise.id) }
  const [draft, setDraft] = useState({ category: '', grade: '一级' as (typeof GRADES)[number], certificateNo: '', validUntil: '' })
  const refresh = (data: EnterpriseDetail) => queryClient.setQueryData(['enterprise', enterprise.id], data)
  const add = useMutation({ mutationFn: () => unwrap(api.api.enterprises[':id'].qualifications.$post({ param, json: draft })), onSuccess: refresh })
  const remove = useMutation({
    mutationFn: (qualificationId: number) => unwrap(api.api.enterprises[':id'].qualifications[':qualificationId'].$delete({ param: { ...param, qualificationId: String(qualificationId) } })),
    onSuccess: refresh,
  })
  const error = (add.error ?? remove.error) as Error | null
  return (
    <section data-testid="enterprise-qualifications">
      <h3>{t('enterprises.qualifications.title')}</h3>
      {enterprise.qualifications.length === 0 ? <p className="muted">{t('enterprises.qualifications.none')}</p> : (
        <table className="grid-table">
          <thead>
            <tr>
              <th>{t('enterprises.qualifications.category')}</th><th>{t('enterprises.qualifications.grade')}</th>
              <th>{t('enterprises.qualifications.certificateNo')}</th><th>{t('enterprises.qualifications.validUntil')}</th>{isAdmin && <th />}
            </tr>
          </thead>
          <tbody>
            {enterprise.qualifications.map((q) => (
              <tr key={q.id}>
                <td>{q.category}</td><td>{q.grade}</td><td>{q.certificateNo}</td>
                <td className={STATUS_CLASS[q.status]}>{q.validUntil} · {t(`enterprises.qualifications.status.${q.status}`)}</td>
                {isAdmin && <td><button type="button" className="link" onClick={() => remove.mutate(q.id)}>{t('enterprises.qualifications.remove')}</button></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && (
        <form className="inline-form" onSubmit={(ev) => { ev.preventDefault(); add.mutate() }}>
          <input required placeholder={t('enterprises.qualifications.category')} value={draft.category} onChange={(ev) => setDraft({ ...draft, category: ev.target.value })} />
          <select value={draft.grade} aria-label={t('enterprises.qualifications.grade')} onChange={(ev) => setDraft({ ...draft, grade: ev.target.value as (typeof GRADES)[number] })}>
            {GRADES.map((g) => <option key={g}>{g}</option>)}
          </select>
          <input required placeholder={t('enterprises.qualifications.certificateNo')} value={draft.certificateNo} onChange={(ev) => setDraft({ ...draft, certificateNo: ev.target.value })} />
          <input required type="date" aria-label={t('enterprises.qualifications.validUntil')} value={draft.validUntil} onChange={(ev) => setDraft({ ...draft, validUntil: ev.target.value })} />
          <button type="submit" disabled={add.isPending}>{t('enterprises.qualifications.add')}</button>
        </form>
      )}
      {error && <p className="form-error" role="alert">{error.message}</p>}
    </section>
  )
}
