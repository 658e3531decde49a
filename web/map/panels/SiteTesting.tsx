import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../../api.ts'
import { useReports, Verdict } from '../../registry/testing-reports.tsx'
import { Section } from '../../ui/Panel.tsx'

/** 材料检测: the site's test reports, newest first, failures marked with their campaign and linked to the institution. */
export function SiteTesting({ api, siteId }: { api: ApiClient; siteId: number }) {
  const { t } = useTranslation()
  const reports = useReports(api, { siteId }, 20)
  const failed = useReports(api, { siteId, conforming: false }, 1)
  const items = reports.data?.items ?? []
  return (
    <Section title={t('testing.site.title')} data-testid="site-testing">
      {reports.data && items.length === 0 && <p className="muted">{t('testing.site.none')}</p>}
      {items.length > 0 && <p className="muted">{t('testing.site.count', { count: reports.data!.total, bad: failed.data?.total ?? '–' })}</p>}
      <ul className="records">
        {items.map((r) => (
          <li key={r.id} data-testid={`site-report-${r.reportNo}`}>
            {r.issuedOn} · {t(`testing.material.${r.material}`)} {r.item} {r.measuredValue && `${r.measuredValue}（${r.requiredValue}）`} · <Verdict report={r} />
            <br /><a className="muted" href={`/registry/testing/${r.institutionId}`}>{r.institution} · {r.reportNo}</a>
          </li>
        ))}
      </ul>
    </Section>
  )
}
