import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../../api.ts'
import { Section } from '../../ui/Panel.tsx'

/** 关键岗位人员: the site's key staff, each certified or why not, the positions still unfilled, the 持证上岗率 and flags. */
export function SiteStaff({ api, siteId }: { api: ApiClient; siteId: number }) {
  const { t, i18n } = useTranslation()
  const staff = useQuery({ queryKey: ['site-staff', siteId], queryFn: () => unwrap(api.api.sites[':id'].staff.$get({ param: { id: String(siteId) } })) })
  const s = staff.data
  const percent = (rate: number) => rate.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 1 })
  return (
    <Section title={t('people.staff.title')} data-testid="site-staff">
      {staff.error && <p role="alert" className="form-error">{(staff.error as Error).message}</p>}
      {s && (
        <>
          <p className={s.rate !== null && s.rate < 1 ? 'warn' : 'muted'} data-testid="site-certification-rate">
            {s.rate === null ? t('people.staff.noRate') : t('people.staff.rate', { rate: percent(s.rate), filled: s.filled, required: s.required })}
          </p>
          {s.flags.map((f) => <p key={f.personId} className="warn" data-testid="site-staff-flag">{t('people.staff.doublePm', { name: f.name, count: f.sites.length })}</p>)}
          <ul className="records">
            {s.positions.filter((p) => p.filled < p.required).map((p) => (
              <li key={p.key} className="warn">{t(`people.staff.position.${p.key}`)} · {t('people.staff.missing', { count: p.required - p.filled })}</li>
            ))}
            {s.staff.map((m) => (
              <li key={m.id}>
                {t(`people.role.${m.role}`)} · {m.personId ? <a href={`/registry/people/${m.personId}`}>{m.name}</a> : m.name}
                {m.idNumberMasked && <code> {m.idNumberMasked}</code>}
                {' · '}<span className={m.certified ? '' : 'warn'}>{t(`people.staff.why.${m.standing}`)}</span>
              </li>
            ))}
            {s.staff.length === 0 && <li className="muted">{t('people.staff.none')}</li>}
          </ul>
        </>
      )}
    </Section>
  )
}
