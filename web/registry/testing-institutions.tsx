import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'

type Origin = 'local' | 'out_of_province'

/** 检测机构 of the zone, local and 外地进苏, with their scope, latest 能力验证 and 飞行检查, and how often they fail a sample. */
export function InstitutionsList({ api }: { api: ApiClient }) {
  const { t, i18n } = useTranslation()
  const [origin, setOrigin] = useState<Origin | ''>('')
  const query = origin ? { origin } : {}
  const list = useQuery({ queryKey: ['testing-institutions', origin], queryFn: () => unwrap(api.api.testing.institutions.$get({ query })) })
  const pct = (share: number | null) => (share === null ? '–' : `${(share * 100).toLocaleString(i18n.language, { maximumFractionDigits: 1 })}%`)
  return (
    <section data-testid="testing-institutions">
      <div className="inline-form">
        <select value={origin} onChange={(e) => setOrigin(e.target.value as Origin | '')} aria-label={t('testing.col.origin')} data-testid="institution-origin-filter">
          <option value="">{t('testing.origin.all')}</option>
          <option value="local">{t('testing.origin.local')}</option>
          <option value="out_of_province">{t('testing.origin.out_of_province')}</option>
        </select>
        {list.data && <span className="muted">{t('testing.total', { count: list.data.items.length })}</span>}
      </div>
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('testing.col.name')}</th><th>{t('testing.col.origin')}</th><th>{t('testing.col.scope')}</th><th>{t('testing.col.capability')}</th>
          <th>{t('testing.col.flightCheck')}</th><th>{t('testing.col.reports')}</th><th>{t('testing.col.nonConforming')}</th>
        </tr></thead>
        <tbody>
          {(list.data?.items ?? []).map((i) => (
            <tr key={i.id} onClick={() => navigate(`/registry/testing/${i.id}`)} data-testid={`institution-${i.id}`}>
              <td><a href={`/registry/testing/${i.id}`} onClick={(e) => e.preventDefault()}>{i.name}</a></td>
              <td>{t(`testing.origin.${i.origin}`)}{i.enteredOn ? ` · ${i.enteredOn}` : ''}</td>
              <td>{i.scopes.join('；') || '–'}</td>
              <td className={i.lastCapability && i.lastCapability.result !== 'satisfactory' ? 'warn' : ''}>
                {i.lastCapability ? `${t(`testing.result.${i.lastCapability.result}`)} · ${i.lastCapability.heldOn}` : '–'}
              </td>
              <td className={i.lastFlightCheck && i.lastFlightCheck.outcome !== 'pass' ? 'warn' : ''}>
                {i.lastFlightCheck ? `${t(`testing.outcome.${i.lastFlightCheck.outcome}`)} · ${i.lastFlightCheck.inspectedAt.slice(0, 10)}` : '–'}
              </td>
              <td>{i.reports}</td>
              <td className={i.nonConforming > 0 ? 'warn' : ''}>{pct(i.nonConformingShare)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
