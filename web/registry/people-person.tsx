import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Role } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { CertificateForm, RevokeForm } from './people-forms.tsx'

type Person = InferResponseType<ApiClient['api']['people'][':id']['$get'], 200>
type Certificate = Person['certificates'][number]

/** Each renewal chain, oldest first: a certificate that renews none starts one; `replacedById` leads to the next. */
function chains(certificates: Certificate[]): Certificate[][] {
  const byId = new Map(certificates.map((c) => [c.id, c]))
  return certificates.filter((c) => c.replacesId === null || !byId.has(c.replacesId)).map((first) => {
    const chain = [first]
    for (let next = first.replacedById; next !== null && byId.has(next); next = byId.get(next)!.replacedById) chain.push(byId.get(next)!)
    return chain
  })
}

function CertificateLine({ c }: { c: Certificate }) {
  const { t } = useTranslation()
  const state = c.revokedOn ? t('people.cert.revoked', { date: c.revokedOn }) : c.replacedById !== null ? t('people.cert.renewedBy')
    : c.daysLeft < 0 ? t('people.cert.expiredAgo', { days: -c.daysLeft }) : t('people.cert.daysLeft', { days: c.daysLeft })
  const warn = !c.revokedOn && c.replacedById === null && c.daysLeft <= 30
  return (
    <span data-testid={`certificate-${c.number}`}>
      {c.number} · {c.issuer} · {c.issuedOn} → {c.expiresOn} · <strong className={warn || c.revokedOn ? 'warn' : ''}>{state}</strong>
    </span>
  )
}

/** A person: employer, certificates as renewal timelines, assignments; the full ID number and the forms for an admin. */
export function PersonPage({ api, role, personId }: { api: ApiClient; role: Role; personId: number }) {
  const { t } = useTranslation()
  const [renewing, setRenewing] = useState<Certificate | null>(null)
  const person = useQuery({ queryKey: ['person', personId], queryFn: () => unwrap(api.api.people[':id'].$get({ param: { id: String(personId) } })) })
  const go = (path: string) => (e: React.MouseEvent) => { e.preventDefault(); navigate(path) }
  if (person.error) return <p role="alert" className="form-error">{(person.error as Error).message}</p>
  if (!person.data) return null
  const p = person.data
  const admin = role === 'admin'
  return (
    <section data-testid="person-page">
      <a href="/registry/people" onClick={go('/registry/people')}>{t('people.back')}</a>
      <h2>{p.name} <code>{p.idNumberMasked}</code></h2>
      <dl className="facts">
        {p.idNumber && <><dt>{t('people.fullId')}</dt><dd data-testid="full-id">{p.idNumber}</dd></>}
        <dt>{t('people.employer')}</dt>
        <dd>{p.employerId ? <a href={`/registry/enterprises/${p.employerId}`} onClick={go(`/registry/enterprises/${p.employerId}`)}>{p.employerName}</a> : t('people.noEmployer')}</dd>
        {p.phone && <><dt>{t('people.phone')}</dt><dd>{p.phone}</dd></>}
      </dl>
      <h3>{t('people.certificates')}</h3>
      {p.certificates.length === 0 && <p className="muted">{t('people.noCertificates')}</p>}
      {chains(p.certificates).map((chain) => {
        const latest = chain[chain.length - 1]
        return (
          <div key={chain[0].id} className="timeline" data-testid="certificate-chain">
            <h4>{t(`people.kind.${latest.kind}`)}{latest.specialty && ` · ${latest.specialty}`}</h4>
            <ol>{chain.map((c) => <li key={c.id}><CertificateLine c={c} /></li>)}</ol>
            {admin && !latest.revokedOn && (
              <div className="inline-form">
                <button type="button" onClick={() => setRenewing(latest)} data-testid={`renew-${latest.id}`}>{t('people.form.renew')}</button>
                <RevokeForm api={api} personId={personId} certificateId={latest.id} />
              </div>
            )}
          </div>
        )
      })}
      {admin && <CertificateForm key={renewing?.id ?? 'new'} api={api} personId={personId} renews={renewing} onDone={() => setRenewing(null)} />}
      <h3>{t('people.assignments')}</h3>
      {p.assignments.length === 0 ? <p className="muted">{t('people.noAssignments')}</p> : (
        <table className="grid-table" data-testid="person-assignments">
          <thead><tr><th>{t('people.col.site')}</th><th>{t('people.col.role')}</th><th>{t('people.col.from')}</th><th>{t('people.col.to')}</th></tr></thead>
          <tbody>
            {p.assignments.map((a) => (
              <tr key={a.id}><td><a href={`/?sel=site:${a.siteId}`}>{a.siteName}</a></td><td>{t(`people.role.${a.role}`)}</td><td>{a.fromDate}</td>
                <td>{a.toDate ?? t('people.current')}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
