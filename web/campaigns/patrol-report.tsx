import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DUST_CHECKLIST, inspectionScore, SCORE_SHEET, type ScoreSheetPart } from '../../server/domain/inspection.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { Section } from '../ui/Panel.tsx'
import { type HazardDraft, HazardDrafts } from '../zone/HazardDrafts.tsx'
import { refreshPatrol, type PatrolTask } from './patrol-tasks.tsx'

/** Now as a datetime-local value in Beijing time, whatever the device's time zone. */
const beijingNow = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T')
const PARTS = Object.keys(SCORE_SHEET) as ScoreSheetPart[]

/**
 * The patrol account's report on a task: the same sheet an inspection has, and the findings, which the station
 * confirms before they become hazards (so a patrol issues no notice).
 */
export function PatrolReportForm({ api, task, onDone }: { api: ApiClient; task: PatrolTask; onDone(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [at, setAt] = useState(beijingNow)
  const [checklist, setChecklist] = useState(() => Object.fromEntries(DUST_CHECKLIST.map((i) => [i, true])) as Record<(typeof DUST_CHECKLIST)[number], boolean>)
  const [sheet, setSheet] = useState<Record<ScoreSheetPart, number>>({ ...SCORE_SHEET })
  const [notes, setNotes] = useState('')
  const [findings, setFindings] = useState<HazardDraft[]>([])
  const save = useMutation({
    mutationFn: () => unwrap(api.api.patrol.tasks[':id'].report.$post({ param: { id: String(task.id) }, json: {
      inspectedAt: `${at}:00+08:00`, checklist, scoreSheet: sheet, notes, location: null,
      findings: findings.map(({ severity, category, description, deadline }) => ({ severity, category, description, proposedDeadline: deadline })),
    } })),
    onSuccess: async () => { await refreshPatrol(queryClient); onDone() },
  })
  return (
    <form className="record-form" data-testid="patrol-report-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('patrol.report.title')} · {task.siteCode} {task.siteName}</h3>
      <label>{t('patrol.report.at')}<input name="inspectedAt" type="datetime-local" value={at} max={beijingNow()} onChange={(e) => setAt(e.target.value)} required /></label>
      <Section title={t('inspect.checklist')}>
        <div className="checks">
          {DUST_CHECKLIST.map((item) => (
            <label key={item}><input type="checkbox" checked={checklist[item]} onChange={(e) => setChecklist({ ...checklist, [item]: e.target.checked })} />{t(`inspect.check.${item}`)}</label>
          ))}
        </div>
      </Section>
      <Section title={t('inspect.sheet', { score: inspectionScore(sheet) })}>
        {PARTS.map((part) => (
          <label key={part} className="score-row">{t(`inspect.part.${part}`)}
            <input type="number" min={0} max={SCORE_SHEET[part]} step={0.5} value={sheet[part]} onChange={(e) => setSheet({ ...sheet, [part]: Number(e.target.value) })} />
            <span className="muted">/ {SCORE_SHEET[part]}</span>
          </label>
        ))}
      </Section>
      <label>{t('patrol.report.notes')}<textarea name="notes" rows={3} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} /></label>
      <HazardDrafts drafts={findings} onChange={setFindings} noticeTypes={[]} defaultDeadline={beijingDay(addDays(new Date(`${at}:00+08:00`), 7))} />
      <FormError error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending} data-testid="patrol-report-submit">{t('patrol.report.submit')}</button>
        <button type="button" onClick={onDone}>{t('close')}</button>
      </div>
    </form>
  )
}
