import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type PeriodKind, REPORT_ISSUERS } from '../../server/domain/report-period.ts'
import type { ReportDocument } from '../../server/domain/report-document.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { navigate } from '../ui/router.ts'
import { ReportSections } from './report-sections.tsx'

const pad = (n: number) => String(n).padStart(2, '0')

/** The first day of the period chosen as a year and, for a month or a quarter, its number. */
function startOf(kind: PeriodKind, year: number, part: number): string {
  return kind === 'year' ? `${year}-01-01` : kind === 'quarter' ? `${year}-${pad(part * 3 - 2)}-01` : `${year}-${pad(part)}-01`
}

/** Choose a period and an area (a district station: its own), preview the report's content, or issue it. */
export function ReportForm({ api, user }: { api: ApiClient; user: SessionUser }) {
  const { t } = useTranslation()
  const station = user.role === 'district_supervisor'
  const mayIssue = (REPORT_ISSUERS as readonly string[]).includes(user.role)
  // Last month by default: the latest period that has ended.
  const [thisYear, thisMonth] = beijingDay(new Date()).split('-').map(Number)
  const [kind, setKind] = useState<PeriodKind>('month')
  const [year, setYear] = useState(thisMonth === 1 ? thisYear - 1 : thisYear)
  const [part, setPart] = useState(thisMonth === 1 ? 12 : thisMonth - 1)
  const [area, setArea] = useState<string>(station ? String(user.districtId) : 'city')
  const [preview, setPreview] = useState<ReportDocument | null>(null)
  const client = useQueryClient()
  const districts = useQuery({ queryKey: ['layer-districts'], queryFn: () => unwrap(api.api.layers.districts.$get()), enabled: !station })
  const start = startOf(kind, year, part)
  const districtId = area === 'city' ? null : Number(area)
  const previewing = useMutation({
    mutationFn: () => unwrap(api.api.reports.preview.$get({ query: { period: kind, start, ...(districtId ? { district: String(districtId) } : {}) } })),
    onSuccess: (data) => setPreview(data.document as ReportDocument),
  })
  const issuing = useMutation({
    mutationFn: () => unwrap(api.api.reports.$post({ json: { period: kind, start, districtId } })),
    onSuccess: (report) => {
      // The issuer may be one of its recipients (command is of every report): the bell counts it now.
      void client.invalidateQueries({ queryKey: ['notifications'] })
      void client.invalidateQueries({ queryKey: ['reports'] })
      navigate(`/reports/${report.id}`)
    },
  })
  const error = (previewing.error ?? issuing.error) as Error | null
  const parts = kind === 'month' ? 12 : kind === 'quarter' ? 4 : 0
  return (
    <section className="report-issue" data-testid="report-form">
      <form className="record-form inline" onSubmit={(e) => { e.preventDefault(); previewing.mutate() }}>
        <label>{t('reports.period')}
          <select value={kind} data-testid="report-period-kind" onChange={(e) => { setKind(e.target.value as PeriodKind); setPart(1) }}>
            {(['month', 'quarter', 'year'] as const).map((k) => <option key={k} value={k}>{t(`reports.kind.${k}`)}</option>)}
          </select>
        </label>
        <label>{t('reports.year')}
          <input type="number" min={2000} max={2099} value={year} data-testid="report-year" onChange={(e) => setYear(Number(e.target.value))} />
        </label>
        {parts > 0 && (
          <label>{t(kind === 'month' ? 'reports.month' : 'reports.quarter')}
            <select value={part} data-testid="report-part" onChange={(e) => setPart(Number(e.target.value))}>
              {Array.from({ length: parts }, (_, i) => <option key={i + 1} value={i + 1}>{i + 1}</option>)}
            </select>
          </label>
        )}
        <label>{t('reports.area')}
          <select value={area} disabled={station} data-testid="report-area" onChange={(e) => setArea(e.target.value)}>
            {!station && <option value="city">{t('reports.city')}</option>}
            {station && <option value={String(user.districtId)}>{t('reports.ownDistrict')}</option>}
            {(districts.data?.features ?? []).map((d) => <option key={d.id} value={String(d.id)}>{String(d.properties.name)}</option>)}
          </select>
        </label>
        <button type="submit" data-testid="report-preview" disabled={previewing.isPending}>{t('reports.preview')}</button>
        {mayIssue && <button type="button" data-testid="report-issue" disabled={issuing.isPending} onClick={() => issuing.mutate()}>{t('reports.issue')}</button>}
      </form>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {preview && <div className="report report-preview" data-testid="report-preview-body">
        <p className="muted">{t('reports.previewNote')}</p>
        <ReportSections document={preview} />
      </div>}
    </section>
  )
}
