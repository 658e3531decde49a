import { useTranslation } from 'react-i18next'
import type { EnterpriseDetail } from './enterprise-types.ts'

/** What supervisors found on the firm's sites (hazards, notices, accidents) and in checks of the firm itself. */
export function EnterpriseRecord({ record }: { record: EnterpriseDetail['record'] }) {
  const { t } = useTranslation()
  const none = <p className="muted">{t('enterprises.record.none')}</p>
  return (
    <section data-testid="enterprise-record">
      <h3>{t('enterprises.record.title')}</h3>
      <h4>{t('enterprises.record.hazards', { count: record.hazards.length })}</h4>
      {record.hazards.length === 0 ? none : (
        <ul>{record.hazards.map((h) => <li key={h.id}>{h.foundAt.slice(0, 10)} · {h.siteName} · {h.category} · {t(`severity.${h.severity}`)} · {t(`hazardStatus.${h.status}`)}</li>)}</ul>
      )}
      <h4>{t('enterprises.record.notices', { count: record.notices.length })}</h4>
      {record.notices.length === 0 ? none : <ul>{record.notices.map((n) => <li key={n.id}>{n.issuedAt.slice(0, 10)} · {n.code} · {n.siteName}</li>)}</ul>}
      <h4>{t('enterprises.record.accidents', { count: record.accidents.length })}</h4>
      {record.accidents.length === 0 ? none : (
        <ul>{record.accidents.map((a) => <li key={a.id}>{a.occurredAt.slice(0, 10)} · {a.siteName} · {a.description}（{a.deaths}/{a.injuries}）</li>)}</ul>
      )}
      <h4>{t('enterprises.record.inspections', { count: record.inspections.length })}</h4>
      {record.inspections.length === 0 ? none : (
        <ul>{record.inspections.map((i) => <li key={i.id}>{i.inspectedAt.slice(0, 10)} · {t(`enterprises.record.inspectionKind.${i.kind}`, { defaultValue: i.kind })} · {t(`enterprises.record.outcome.${i.outcome}`, { defaultValue: i.outcome })} {i.findings}</li>)}</ul>
      )}
    </section>
  )
}
