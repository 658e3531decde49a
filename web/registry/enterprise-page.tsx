import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { CreditHistory } from './CreditHistory.tsx'
import { EnterpriseCranes } from './EnterpriseCranes.tsx'
import { EnterprisePeople } from './EnterprisePeople.tsx'
import { EnterpriseForm } from './enterprise-form.tsx'
import { EnterpriseMap } from './enterprise-map.tsx'
import { Qualifications } from './enterprise-qualifications.tsx'
import { EnterpriseRecord } from './enterprise-record.tsx'
import { linkTo } from './enterprise-types.ts'
import { InstitutionRecord } from './InstitutionRecord.tsx'

/** One firm: who it is, what it may do (资质), where it works (on a map), what supervisors found, its credit and people. */
export function EnterprisePage({ api, enterpriseId, isAdmin }: { api: ApiClient; enterpriseId: number; isAdmin: boolean }) {
  const { t } = useTranslation()
  const param = { id: String(enterpriseId) }
  const detail = useQuery({ queryKey: ['enterprise', enterpriseId], queryFn: () => unwrap(api.api.enterprises[':id'].$get({ param })) })
  const e = detail.data
  if (!e) return <p className={detail.error ? 'form-error' : 'muted'} role={detail.error ? 'alert' : undefined}>{detail.error ? (detail.error as Error).message : t('loading')}</p>
  return (
    <article className="enterprise-page" data-testid="enterprise-page">
      <a {...linkTo('/registry/enterprises', navigate)}>{t('enterprises.back')}</a>
      <h2>{e.name}</h2>
      <p><code>{e.creditCode}</code> · {e.kinds.map((k) => t(`enterprises.kind.${k}`)).join('、')} · {t(`enterprises.origin.${e.origin}`)}</p>
      <section>
        <h3>{t('enterprises.fields.title')}</h3>
        <dl className="facts">
          <dt>{t('enterprises.fields.registeredPlace')}</dt><dd>{e.registeredPlace}</dd>
          {e.enteredOn && <><dt>{t('enterprises.fields.enteredOn')}</dt><dd>{e.enteredOn}</dd></>}
          <dt>{t('enterprises.fields.legalRepresentative')}</dt><dd>{e.legalRepresentative ?? '–'}</dd>
          <dt>{t('enterprises.fields.contact')}</dt><dd>{[e.contactName, e.contactPhone].filter(Boolean).join(' ') || '–'}</dd>
          <dt>{t('enterprises.fields.address')}</dt><dd>{e.address ?? '–'}</dd>
          <dt>{t('enterprises.fields.credit')}</dt><dd>{e.credit ? `${e.credit.grade} · ${e.credit.score}（${e.credit.periodEnd}）` : t('enterprises.unrated')}</dd>
        </dl>
        {isAdmin && <EnterpriseForm api={api} editing={e} />}
      </section>
      <Qualifications api={api} enterprise={e} isAdmin={isAdmin} />
      <section>
        <h3>{t('enterprises.sites.title', { count: e.sites.length })}</h3>
        <EnterpriseMap api={api} sites={e.sites} />
        {e.sites.length === 0 ? <p className="muted">{t('enterprises.sites.none')}</p> : (
          <ul className="enterprise-sites" data-testid="enterprise-sites">
            {e.sites.map((s) => (
              <li key={`${s.id}-${s.role}`}>
                {s.name} <span className="muted">{s.code} · {s.district} · {t(`site.${s.role}`)} · {t(`stage.${s.stage}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <EnterpriseRecord record={e.record} />
      <CreditHistory api={api} enterpriseId={e.id} />
      <EnterprisePeople api={api} enterpriseId={e.id} />
      <EnterpriseCranes api={api} enterpriseId={e.id} />
      {e.kinds.includes('testing') && <InstitutionRecord api={api} enterpriseId={e.id} />}
    </article>
  )
}
