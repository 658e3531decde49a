import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { canPlan, type Role } from '../../server/domain/roles.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'

interface Props { api: ApiClient; user: SessionUser; onSite(siteId: number): void }
type ListType = 'reduction' | 'exemption'

/** This month's emergency reduction or exemption list, which letters are in, and recording one as received. */
export function EmergencyPanel({ api, user, onSite }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [type, setType] = useState<ListType>('reduction')
  const [month, setMonth] = useState(beijingDay(new Date()).slice(0, 7))
  const list = useQuery({ queryKey: ['emergency', type, month], queryFn: () => unwrap(api.api.planning.emergency.$get({ query: { type, month } })) })
  const record = useMutation({
    mutationFn: ({ id, letter }: { id: number; letter: 'dustLetterOn' | 'fuelLetterOn' }) =>
      unwrap(api.api.planning.emergency[':id'].letters.$put({ param: { id: String(id) }, json: { [letter]: beijingDay(new Date()) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['emergency'] }),
  })
  const entries = list.data?.entries ?? []
  const planner = canPlan(user.role as Role)
  const letter = (id: number, on: string | null, key: 'dustLetterOn' | 'fuelLetterOn') => on
    ? <span className="status done">{t('planning.emergency.received')} {on.slice(5)}</span>
    : <><span className="status missing">{t('planning.emergency.missing')}</span>
      {planner && <button type="button" className="link record" onClick={() => record.mutate({ id, letter: key })}>{t('planning.emergency.record')}</button>}</>
  return (
    <div className="emergency" data-testid="emergency">
      <div className="tool-row">
        {(['reduction', 'exemption'] as const).map((l) => <button key={l} type="button" aria-pressed={type === l} onClick={() => setType(l)}>{t(`planning.emergency.${l}`)}</button>)}
        <select aria-label={t('planning.emergency.month')} value={month} onChange={(e) => setMonth(e.target.value)}>
          {[...new Set([month, ...(list.data?.months ?? [])])].sort().reverse().map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </div>
      <p data-testid="emergency-summary">{t('planning.emergency.summary', { n: entries.length,
        dust: entries.filter((e) => !e.dustLetterOn).length, fuel: type === 'reduction' ? entries.filter((e) => !e.fuelLetterOn).length : 0 })}</p>
      <p><ExportButtons fileName={`${month}-${type}`} request={(format) => api.api.exports.emergency.$get({ query: { format, type, month } })} /></p>
      {record.error && <p className="form-error" role="alert">{record.error.message}</p>}
      <table className="emergency-table">
        <thead><tr><th>{t('sites')}</th>{type === 'exemption' && <th>{t('planning.emergency.process')}</th>}
          <th>{t('planning.emergency.dustLetter')}</th>{type === 'reduction' && <th>{t('planning.emergency.fuelLetter')}</th>}</tr></thead>
        <tbody>{entries.map((e) => (
          <tr key={e.id}><td><button type="button" className="link" onClick={() => onSite(e.siteId)}>{e.name}</button><small>{e.district}</small></td>
            {type === 'exemption' && <td>{e.process}</td>}
            <td>{letter(e.id, e.dustLetterOn, 'dustLetterOn')}</td>{type === 'reduction' && <td>{letter(e.id, e.fuelLetterOn, 'fuelLetterOn')}</td>}</tr>
        ))}</tbody>
      </table>
    </div>
  )
}
