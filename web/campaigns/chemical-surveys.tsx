import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { RISK_KINDS, RISK_LEVELS, type RiskKind, type RiskLevel } from '../../server/domain/chemicals.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { useExplain } from './chemical-form.tsx'

interface RiskRow { chemicalId: number; name: string; include: boolean; risk: RiskKind; level: RiskLevel; measure: string; danger: string }

/** The datetime-local value of now in Beijing time (the form's default). */
const beijingNow = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 16)

/**
 * 录入风险辨识: load a site's chemicals, say for each the risk, its level and the control measure, and, where
 * something must be rectified, the danger — each danger opens a hazard (危化品) when saved.
 */
export function SurveyForm({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const explain = useExplain()
  const queryClient = useQueryClient()
  const [siteId, setSiteId] = useState('')
  const [campaignId, setCampaignId] = useState('')
  const [surveyedAt, setSurveyedAt] = useState(beijingNow)
  const [conclusion, setConclusion] = useState('')
  const [rows, setRows] = useState<RiskRow[] | null>(null)
  const load = useMutation({
    mutationFn: () => unwrap(api.api.chemicals.inventory.$get({ query: { siteId, limit: '100' } })),
    onSuccess: (data) => setRows(data.items.map((c) => ({ chemicalId: c.id, name: c.name, include: true, risk: 'fire', level: 'moderate', measure: '', danger: '' }))),
  })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.chemicals.surveys.$post({ json: {
      siteId: Number(siteId), campaignId: campaignId ? Number(campaignId) : null, surveyedAt: `${surveyedAt}:00+08:00`, conclusion,
      risks: (rows ?? []).filter((r) => r.include).map((r) => ({ chemicalId: r.chemicalId, risk: r.risk, level: r.level, measure: r.measure, ...(r.danger ? { danger: r.danger } : {}) })),
    } })),
    onSuccess: () => { setRows(null); setConclusion(''); return queryClient.invalidateQueries({ queryKey: ['chemicals'] }) },
  })
  const edit = (i: number, change: Partial<RiskRow>) => setRows((rows ?? []).map((r, k) => (k === i ? { ...r, ...change } : r)))
  return (
    <form className="record-form" data-testid="survey-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('chemicals.form.newSurvey')}</h3>
      <div className="inline-form">
        <label>{t('chemicals.form.siteId')}<input type="number" min={1} value={siteId} onChange={(e) => { setSiteId(e.target.value); setRows(null) }} required name="surveySiteId" /></label>
        <button type="button" onClick={() => load.mutate()} disabled={!siteId || load.isPending} data-testid="load-chemicals">{t('chemicals.form.loadChemicals')}</button>
      </div>
      <FormError error={load.error} />
      {rows?.length === 0 && <p className="muted">{t('chemicals.form.noChemicals')}</p>}
      {rows && rows.length > 0 && (
        <>
          <table className="grid-table">
            <thead><tr><th>{t('chemicals.form.include')}</th><th>{t('chemicals.col.chemical')}</th><th>{t('chemicals.col.risk')}</th><th>{t('chemicals.col.level')}</th><th>{t('chemicals.col.measure')}</th><th>{t('chemicals.col.danger')}</th></tr></thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.chemicalId} data-testid={`risk-row-${i}`}>
                  <td><input type="checkbox" checked={r.include} onChange={(e) => edit(i, { include: e.target.checked })} aria-label={t('chemicals.form.include')} /></td>
                  <td>{r.name}</td>
                  <td><select value={r.risk} onChange={(e) => edit(i, { risk: e.target.value as RiskKind })} name="risk">{RISK_KINDS.map((k) => <option key={k} value={k}>{t(`chemicals.risk.${k}`)}</option>)}</select></td>
                  <td><select value={r.level} onChange={(e) => edit(i, { level: e.target.value as RiskLevel })} name="level">{RISK_LEVELS.map((l) => <option key={l} value={l}>{t(`chemicals.level.${l}`)}</option>)}</select></td>
                  <td><input value={r.measure} onChange={(e) => edit(i, { measure: e.target.value })} required={r.include} maxLength={500} name="measure" /></td>
                  <td><input value={r.danger} onChange={(e) => edit(i, { danger: e.target.value })} maxLength={1000} name="danger" placeholder={t('chemicals.form.dangerHint')} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>{t('chemicals.form.campaignId')}<input type="number" min={1} value={campaignId} onChange={(e) => setCampaignId(e.target.value)} name="campaignId" /></label>
          <label>{t('chemicals.form.surveyedAt')}<input type="datetime-local" value={surveyedAt} onChange={(e) => setSurveyedAt(e.target.value)} required name="surveyedAt" /></label>
          <label>{t('chemicals.form.conclusion')}<input value={conclusion} onChange={(e) => setConclusion(e.target.value)} maxLength={2000} name="conclusion" /></label>
          <div className="actions"><button type="submit" className="primary" disabled={save.isPending}>{t('chemicals.form.submit')}</button></div>
        </>
      )}
      <FormError error={explain(save.error)} />
      {save.data && (
        <p className="notice" role="status" data-testid="survey-saved">
          {t('chemicals.form.surveySaved', { count: save.data.risks.filter((r) => r.hazardId !== null).length })}
        </p>
      )}
    </form>
  )
}

/** The zone's risk identifications, newest first, each risk with the hazard its danger opened. */
export function SurveyList({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const list = useQuery({ queryKey: ['chemicals', 'surveys'], queryFn: () => unwrap(api.api.chemicals.surveys.$get({ query: { limit: '100' } })) })
  return (
    <section data-testid="chemical-surveys">
      {list.data && <p className="muted">{t('chemicals.total', { count: list.data.total })}</p>}
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr><th>{t('chemicals.col.surveyedAt')}</th><th>{t('chemicals.col.site')}</th><th>{t('chemicals.col.campaign')}</th><th>{t('chemicals.col.risks')}</th><th>{t('chemicals.col.conclusion')}</th><th>{t('chemicals.col.surveyor')}</th></tr></thead>
        <tbody>
          {(list.data?.items ?? []).map((s) => (
            <tr key={s.id} data-testid={`survey-${s.id}`}>
              <td>{s.surveyedAt.slice(0, 16).replace('T', ' ')}</td>
              <td><a href={`/?sel=site:${s.siteId}`}>{s.siteCode} {s.siteName}</a></td>
              <td>{s.campaignName ?? '–'}</td>
              <td>
                <ul className="legend-list">
                  {s.risks.map((r, i) => (
                    <li key={i}>
                      {r.chemicalName ?? r.chemicalId}：{t(`chemicals.risk.${r.risk}`)} · {t(`chemicals.level.${r.level}`)} · {r.measure}
                      {r.danger && <> · <strong className="warn">{r.danger}</strong></>}
                      {r.hazardId !== null && <> · <a href={`/?sel=hazard:${r.hazardId}`}>#{r.hazardId}</a> {t(`hazardStatus.${r.hazardStatus}`)}</>}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{s.conclusion || '–'}</td><td>{s.surveyor ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
