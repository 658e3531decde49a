import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { ReportsTable } from './testing-reports.tsx'

/**
 * A testing institution's record (检测机构档案): qualifications and their scope, 能力验证 results, 飞行检查 with
 * findings, and the reports it issued on the reader's sites. The enterprise page shows it for testing firms.
 */
export function InstitutionRecord({ api, enterpriseId }: { api: ApiClient; enterpriseId: number }) {
  const { t } = useTranslation()
  const record = useQuery({
    queryKey: ['testing-institution', enterpriseId],
    queryFn: () => unwrap(api.api.testing.institutions[':id'].$get({ param: { id: String(enterpriseId) } })),
  })
  if (record.error) return <p role="alert" className="form-error">{(record.error as Error).message}</p>
  const r = record.data
  if (!r) return <p className="muted">{t('loading')}</p>
  return (
    <section className="institution-record" data-testid="institution-record">
      <h2>{r.name}</h2>
      <dl className="facts">
        <dt>{t('testing.record.creditCode')}</dt><dd>{r.creditCode}</dd>
        <dt>{t('testing.record.registeredPlace')}</dt><dd>{r.registeredPlace} · {t(`testing.origin.${r.origin}`)}</dd>
        {r.enteredOn && <><dt>{t('testing.record.enteredOn')}</dt><dd>{r.enteredOn}</dd></>}
        <dt>{t('testing.record.contact')}</dt><dd>{[r.contactName, r.contactPhone].filter(Boolean).join(' ') || '–'}</dd>
      </dl>
      <RecordTable title={t('testing.record.qualifications')} testId="qualifications"
        heads={[t('testing.record.category'), t('testing.col.scope'), t('testing.record.certificateNo'), t('testing.record.validUntil')]}
        rows={r.qualifications.map((q) => ({ id: q.id, warn: !q.valid,
          cells: [q.category, q.scope || '–', q.certificateNo, `${q.validUntil}${q.valid ? '' : ` · ${t('testing.record.expired')}`}`] }))} />
      <RecordTable title={t('testing.record.capability')} testId="capability-verifications"
        heads={[t('testing.record.heldOn'), t('testing.record.scheme'), t('testing.col.item'), t('testing.col.verdict')]}
        rows={r.capabilityVerifications.map((v) => ({ id: v.id, warn: v.result !== 'satisfactory', cells: [v.heldOn, v.scheme, v.item, t(`testing.result.${v.result}`)] }))} />
      <RecordTable title={t('testing.record.flightChecks')} testId="flight-checks"
        heads={[t('testing.record.inspectedAt'), t('testing.record.findings'), t('testing.record.inspector'), t('testing.col.verdict')]}
        rows={r.flightChecks.map((f) => ({ id: f.id, warn: f.outcome !== 'pass',
          cells: [f.inspectedAt.slice(0, 16).replace('T', ' '), f.findings || '–', f.inspector ?? '–', t(`testing.outcome.${f.outcome}`)] }))} />
      <h3>{t('testing.reports')}</h3>
      <ReportsTable api={api} filter={{ institutionId: enterpriseId }} columns={['site']} />
    </section>
  )
}

/** One part of the record as a table; the last cell is the verdict, marked when it is a bad one. */
function RecordTable({ title, testId, heads, rows }: { title: string; testId: string; heads: string[]; rows: { id: number; warn: boolean; cells: string[] }[] }) {
  const { t } = useTranslation()
  return (
    <>
      <h3>{title}</h3>
      {rows.length === 0 ? <p className="muted">{t('testing.record.none')}</p> : (
        <table className="grid-table" data-testid={testId}>
          <thead><tr>{heads.map((h) => <th key={h}>{h}</th>)}</tr></thead>
          <tbody>{rows.map((row) => (
            <tr key={row.id}>{row.cells.map((cell, i) => <td key={i} className={row.warn && i === row.cells.length - 1 ? 'warn' : ''}>{cell}</td>)}</tr>
          ))}</tbody>
        </table>
      )}
    </>
  )
}
