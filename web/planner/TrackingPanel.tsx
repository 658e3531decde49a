import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { canPlan, type Role } from '../../server/domain/roles.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { EChart } from '../ui/EChart.tsx'
import { ExportButtons } from '../ui/ExportButtons.tsx'

type Progress = InferResponseType<ApiClient['api']['planning']['progress']['$get'], 200>
type KeyProject = InferResponseType<ApiClient['api']['planning']['measures']['$get'], 200>['projects'][number]
type Measure = keyof KeyProject['measures']
const MEASURES: Measure[] = ['enclosure', 'dust_net', 'spraying']

interface Props { api: ApiClient; user: SessionUser; theme: 'dark' | 'light'; onSite(siteId: number): void }

/** The city's share of key projects with all three measures done, week by week, against 30 September; then each project. */
function ProgressChart({ progress, theme }: { progress: Progress; theme: 'dark' | 'light' }) {
  const { t } = useTranslation()
  const option = useMemo(() => ({
    grid: { left: 36, right: 12, top: 24, bottom: 24 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: progress.days.map((d) => d.slice(5)) },
    yAxis: { type: 'value', max: progress.districts.reduce((s, d) => s + d.total, 0) },
    series: [
      ...progress.districts.map((d) => ({ name: d.district, type: 'line', stack: 'done', areaStyle: { opacity: 0.5 }, showSymbol: false, data: d.done })),
      { name: t('planning.deadline'), type: 'line', data: [], markLine: { symbol: 'none', silent: true, lineStyle: { color: '#e63737', type: 'dashed' },
        label: { formatter: t('planning.deadline') }, data: [{ xAxis: progress.deadline?.slice(5) }] } },
    ],
  }), [progress, t])
  return <EChart option={option} theme={theme} className="progress-chart" testId="progress-chart" />
}

function ReportForm({ api, project, onDone }: { api: ApiClient; project: KeyProject; onDone(): void }) {
  const { t } = useTranslation()
  const [measure, setMeasure] = useState<Measure>(MEASURES.find((m) => project.measures[m].status !== 'done') ?? 'enclosure')
  const [status, setStatus] = useState<'done' | 'in_progress'>('done')
  const [onDate, setOnDate] = useState(beijingDay(new Date()))
  const [evidence, setEvidence] = useState('')
  const report = useMutation({
    mutationFn: () => unwrap(api.api.planning.measures[':id'].reports.$post({ param: { id: String(project.keyProjectId) }, json: { measure, status, onDate, evidence } })),
    onSuccess: onDone,
  })
  return (
    <form className="report-form" onSubmit={(e) => { e.preventDefault(); report.mutate() }}>
      <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>{MEASURES.map((m) => <option key={m} value={m}>{t(`planning.measure.${m}`)}</option>)}</select>
      <select value={status} onChange={(e) => setStatus(e.target.value as 'done' | 'in_progress')}>
        <option value="done">{t('planning.status.done')}</option><option value="in_progress">{t('planning.status.in_progress')}</option></select>
      <input type="date" aria-label={t('planning.onDate')} value={onDate} onChange={(e) => setOnDate(e.target.value)} />
      <input placeholder={t('planning.evidence')} value={evidence} maxLength={500} onChange={(e) => setEvidence(e.target.value)} />
      <button type="submit" className="primary" disabled={!evidence.trim() || report.isPending}>{t('planning.submit')}</button>
      {report.error && <p className="form-error" role="alert">{report.error.message}</p>}
    </form>
  )
}

export function TrackingPanel({ api, user, theme, onSite }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [reporting, setReporting] = useState<number | null>(null)
  const progress = useQuery({ queryKey: ['progress'], queryFn: () => unwrap(api.api.planning.progress.$get()) })
  const measures = useQuery({ queryKey: ['measures'], queryFn: () => unwrap(api.api.planning.measures.$get({ query: {} })) })
  const last = (d: { done: number[] }) => d.done.at(-1) ?? 0
  return (
    <div className="tracking" data-testid="tracking">
      {progress.data && <>
        <h3>{t('planning.progress', { deadline: progress.data.deadline ?? '–' })}</h3>
        <ProgressChart progress={progress.data} theme={theme} />
        <ul className="bars">{progress.data.districts.map((d) => (
          <li key={d.districtId}><span>{d.district}</span><span className="bar"><i style={{ width: `${(last(d) / Math.max(1, d.total)) * 100}%`, background: '#3fb950' }} /></span>
            <span className="bar-value">{last(d)}/{d.total}</span></li>))}</ul>
      </>}
      <p><ExportButtons fileName="measures" request={(format) => api.api.exports.measures.$get({ query: { format } })} /></p>
      <ol className="measure-list">
        {measures.data?.projects.map((p) => (
          <li key={p.keyProjectId} data-testid="key-project">
            <button type="button" className="link" onClick={() => onSite(p.siteId)}>★{p.rank} {p.name}</button><small>{p.district}</small>
            <span className="measure-status">{MEASURES.map((m) => (
              <span key={m} className={`status ${p.measures[m].status}`} title={p.measures[m].lastReport?.evidence ?? ''}>
                {t(`planning.measure.${m}`)}：{t(`planning.status.${p.measures[m].status}`)}{p.measures[m].doneOn ? ` ${p.measures[m].doneOn!.slice(5)}` : ''}</span>))}
            </span>
            {canPlan(user.role as Role) && <button type="button" className="link" onClick={() => setReporting(reporting === p.keyProjectId ? null : p.keyProjectId)}>{t('planning.reportMeasure')}</button>}
            {reporting === p.keyProjectId && <ReportForm api={api} project={p} onDone={() => {
              setReporting(null)
              void queryClient.invalidateQueries({ predicate: (q) => ['measures', 'progress'].includes(String(q.queryKey[0])) })
            }} />}
          </li>
        ))}
      </ol>
    </div>
  )
}
