import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { NOTICE_TYPES } from '../../server/domain/hazard-flow.ts'
import { checklistFor, INSPECTION_KINDS, inspectionScore, SCORE_SHEET, type ScoreSheetPart } from '../../server/domain/inspection.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { type CampaignAnswer, CampaignSheetSection } from '../campaigns/campaign-sheet.tsx'
import { FormError } from '../ui/FormError.tsx'
import { Panel, Section } from '../ui/Panel.tsx'
import { HazardDrafts, type HazardDraft } from './HazardDrafts.tsx'
import { PhotoPicker } from './PhotoPicker.tsx'

interface Props { api: ApiClient; siteId: number; onClose(): void; onDone(siteId: number): void }

type Location = { lon: number; lat: number; accuracyM: number | null }
/** Now as a datetime-local value in Beijing time, whatever the device's time zone. */
const beijingNow = () => new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16).replace(' ', 'T')
const PARTS = Object.keys(SCORE_SHEET) as ScoreSheetPart[]

/** Recording an inspection on site: the sheet, photos, where the device was, and the hazards it found. */
export function InspectionForm({ api, siteId, onClose, onDone }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  // The site panel has usually loaded it already; it names the site in the title.
  const site = useQuery({ queryKey: ['site', siteId], queryFn: () => unwrap(api.api.sites[':id'].$get({ param: { id: String(siteId) } })) })
  const [kind, setKind] = useState<(typeof INSPECTION_KINDS)[number]>('routine')
  const [at, setAt] = useState(beijingNow)
  const [checklist, setChecklist] = useState<Record<string, boolean>>(() => Object.fromEntries(checklistFor('routine').map((i) => [i, false])))
  const [campaign, setCampaign] = useState<CampaignAnswer | null>(null)
  // 小型临时工程 have a checklist of their own (small_works); choosing a kind resets the checklist to its items.
  const chooseKind = (k: (typeof INSPECTION_KINDS)[number]) => { setKind(k); setChecklist(Object.fromEntries(checklistFor(k).map((i) => [i, false]))) }
  const kinds = INSPECTION_KINDS.filter((k) => k !== 'small_works' || site.data?.kind === 'small_temporary')
  const [sheet, setSheet] = useState<Record<ScoreSheetPart, number>>({ ...SCORE_SHEET })
  const [findings, setFindings] = useState('')
  const [location, setLocation] = useState<Location | null>(null)
  const [locating, setLocating] = useState<string | null>(null)
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const [hazards, setHazards] = useState<HazardDraft[]>([])
  const save = useMutation({
    mutationFn: () => unwrap(api.api.inspections.$post({ json: {
      siteId, kind, inspectedAt: `${at}:00+08:00`, checklist, scoreSheet: sheet, findings, location, photoIds,
      ...(campaign ? { campaignId: campaign.campaignId, campaignSheet: campaign.sheet } : {}),
      hazards: hazards.map(({ notice, ...h }) => ({ ...h, ...(notice ? { notice: notice as (typeof NOTICE_TYPES)[number] } : {}) })),
    } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ predicate: (q) => ['site', 'my-zone', 'layer-sites'].includes(String(q.queryKey[0])) })
      onDone(siteId)
    },
  })
  const locate = () => {
    if (!navigator.geolocation) { setLocating(t('inspect.noGeolocation')); return }
    setLocating(t('inspect.locating'))
    navigator.geolocation.getCurrentPosition(
      (p) => { setLocation({ lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: Math.round(p.coords.accuracy) }); setLocating(null) },
      (e) => setLocating(t('inspect.locationDenied', { reason: e.message })),
      { enableHighAccuracy: true, timeout: 15_000 },
    )
  }
  return (
    <Panel title={t('inspect.title')} subtitle={site.data?.name} onClose={onClose} testId="inspection-form">
      <form className="record-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
        <Section title={t('inspect.basics')}>
          <label>{t('inspect.kind')}
            <select name="kind" value={kind} onChange={(e) => chooseKind(e.target.value as typeof kind)}>
              {kinds.map((k) => <option key={k} value={k}>{t(`inspection.${k}`)}</option>)}
            </select>
          </label>
          <label>{t('inspect.at')}<input name="inspectedAt" type="datetime-local" value={at} max={beijingNow()} onChange={(e) => setAt(e.target.value)} required /></label>
        </Section>
        <Section title={t('inspect.checklist')}>
          <div className="checks">
            {checklistFor(kind).map((item) => (
              <label key={item}><input type="checkbox" name={`check-${item}`} checked={checklist[item] ?? false}
                onChange={(e) => setChecklist({ ...checklist, [item]: e.target.checked })} />{t(kind === 'small_works' ? `campaigns.smallWorks.${item}` : `inspect.check.${item}`)}</label>
            ))}
          </div>
        </Section>
        <CampaignSheetSection api={api} siteId={siteId} value={campaign} onChange={setCampaign} />
        <Section title={t('inspect.sheet', { score: inspectionScore(sheet) })}>
          {PARTS.map((part) => (
            <label key={part} className="score-row">{t(`inspect.part.${part}`)}
              <input type="number" name={`score-${part}`} min={0} max={SCORE_SHEET[part]} step={0.5} value={sheet[part]}
                onChange={(e) => setSheet({ ...sheet, [part]: Number(e.target.value) })} />
              <span className="muted">/ {SCORE_SHEET[part]}</span>
            </label>
          ))}
        </Section>
        <Section title={t('inspect.findings')}>
          <textarea name="findings" rows={3} maxLength={4000} value={findings} onChange={(e) => setFindings(e.target.value)} />
        </Section>
        <Section title={t('inspect.evidence')}>
          <PhotoPicker api={api} siteId={siteId} photoIds={photoIds} onChange={setPhotoIds} />
          <button type="button" onClick={locate}>{t('inspect.useLocation')}</button>
          <p className="muted" data-testid="location">{location ? t('inspect.location', { lon: location.lon.toFixed(5), lat: location.lat.toFixed(5), m: location.accuracyM ?? '?' }) : locating ?? t('inspect.noLocation')}</p>
        </Section>
        <HazardDrafts drafts={hazards} onChange={setHazards} noticeTypes={NOTICE_TYPES}
          defaultDeadline={beijingDay(addDays(new Date(`${at}:00+08:00`), 7))} />
        <FormError error={save.error} />
        <button type="submit" className="primary" disabled={save.isPending} data-testid="save-inspection">{t('inspect.save')}</button>
      </form>
    </Panel>
  )
}
