import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CAMPAIGN_KINDS, type CampaignKind, type ChecklistItem, DEFAULT_CHECKLISTS } from '../../server/domain/campaign.ts'
import { BOOST_MULTIPLIER, RISK_FACTORS } from '../../server/domain/risk-boost.ts'
import type { RiskFactor } from '../../server/domain/risk.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import type { Role } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { navigate } from '../ui/router.ts'

type Targets = 'none' | 'drawn' | 'listed'

/**
 * A new campaign: kind (whose default checklist it starts from), period, scope — the city or districts (a district
 * station: its own) — and targets: none, a 双随机 draw, or listed sites; a holiday period also chooses its boost.
 */
export function CampaignForm({ api, role, districtId }: { api: ApiClient; role: Role; districtId: number | null }) {
  const { t } = useTranslation()
  const ownDistrictOnly = role !== 'admin'
  const districts = useQuery({ queryKey: ['layer-districts'], queryFn: () => unwrap(api.api.layers.districts.$get()) })
  const [name, setName] = useState('')
  const [kind, setKind] = useState<CampaignKind>('comprehensive')
  const [startsOn, setStartsOn] = useState(() => beijingDay(new Date()))
  const [endsOn, setEndsOn] = useState(() => beijingDay(addDays(new Date(), 30)))
  const [scope, setScope] = useState<'city' | 'districts'>(ownDistrictOnly ? 'districts' : 'city')
  const [districtIds, setDistrictIds] = useState<number[]>(ownDistrictOnly && districtId ? [districtId] : [])
  const [targets, setTargets] = useState<Targets>('drawn')
  const [count, setCount] = useState(10)
  const [seed, setSeed] = useState('')
  const [siteIds, setSiteIds] = useState('')
  const [checklist, setChecklist] = useState<ChecklistItem[]>(DEFAULT_CHECKLISTS.comprehensive)
  const [factors, setFactors] = useState<RiskFactor[]>(['overdueHazards', 'majorOpenHazards'])
  const [multiplier, setMultiplier] = useState(1.5)
  const chooseKind = (k: CampaignKind) => { setKind(k); setChecklist(DEFAULT_CHECKLISTS[k]); if (k === 'holiday') setTargets('none') }
  const edit = (i: number, change: Partial<ChecklistItem>) => setChecklist(checklist.map((item, k) => (k === i ? { ...item, ...change } : item)))
  const save = useMutation({
    mutationFn: () => unwrap(api.api.campaigns.$post({ json: {
      name, kind, startsOn, endsOn, checklist,
      scope: scope === 'city' ? { kind: 'city' } : { kind: 'districts', districtIds },
      ...(targets === 'drawn' ? { sampling: { count, ...(seed.trim() ? { seed: Number(seed) } : {}) } } : {}),
      ...(targets === 'listed' ? { siteIds: siteIds.split(/[,，\s]+/).filter(Boolean).map(Number) } : {}),
      ...(kind === 'holiday' ? { riskBoost: { factors, multiplier } } : {}),
    } })),
    onSuccess: (created) => navigate(`/campaigns/campaigns/${created.id}`),
  })
  return (
    <form className="record-form registry-form" data-testid="campaign-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h2>{t('campaigns.new')}</h2>
      <label>{t('campaigns.form.name')}<input name="name" value={name} minLength={2} maxLength={100} required onChange={(e) => setName(e.target.value)} /></label>
      <label>{t('campaigns.form.kind')}
        <select name="kind" value={kind} onChange={(e) => chooseKind(e.target.value as CampaignKind)}>
          {CAMPAIGN_KINDS.map((k) => <option key={k} value={k}>{t(`campaigns.kind.${k}`)}</option>)}
        </select>
      </label>
      <label>{t('campaigns.form.startsOn')}<input type="date" name="startsOn" value={startsOn} required onChange={(e) => setStartsOn(e.target.value)} /></label>
      <label>{t('campaigns.form.endsOn')}<input type="date" name="endsOn" value={endsOn} required onChange={(e) => setEndsOn(e.target.value)} /></label>
      <label>{t('campaigns.form.scope')}
        <select name="scope" value={scope} disabled={ownDistrictOnly} onChange={(e) => setScope(e.target.value as 'city' | 'districts')}>
          <option value="city">{t('campaigns.scope.city')}</option><option value="districts">{t('campaigns.scope.districts')}</option>
        </select>
      </label>
      {scope === 'districts' && (
        <fieldset className="checks"><legend>{t('campaigns.form.districts')}</legend>
          {(districts.data?.features ?? []).filter((d) => !ownDistrictOnly || d.id === districtId).map((d) => (
            <label key={d.id}><input type="checkbox" checked={districtIds.includes(Number(d.id))} disabled={ownDistrictOnly}
              onChange={(e) => setDistrictIds(e.target.checked ? [...districtIds, Number(d.id)] : districtIds.filter((x) => x !== Number(d.id)))} />{String(d.properties.name)}</label>
          ))}
        </fieldset>
      )}
      <label>{t('campaigns.form.targets')}
        <select name="targets" value={targets} onChange={(e) => setTargets(e.target.value as Targets)}>
          {(['none', 'drawn', 'listed'] as const).map((m) => <option key={m} value={m}>{t(`campaigns.form.targets${m[0].toUpperCase()}${m.slice(1)}`)}</option>)}
        </select>
      </label>
      {targets === 'drawn' && <>
        <label>{t('campaigns.form.count')}<input type="number" name="count" min={1} max={10000} value={count} onChange={(e) => setCount(Number(e.target.value))} /></label>
        <label>{t('campaigns.form.seed')}<input name="seed" inputMode="numeric" pattern="[0-9]*" value={seed} onChange={(e) => setSeed(e.target.value)} /></label>
      </>}
      {targets === 'listed' && <label>{t('campaigns.form.siteIds')}<input name="siteIds" value={siteIds} required onChange={(e) => setSiteIds(e.target.value)} /></label>}
      <fieldset data-testid="campaign-checklist"><legend>{t('campaigns.form.checklist')} · {t('campaigns.form.sheetTotal', { total: checklist.reduce((n, i) => n + i.points, 0) })}</legend>
        {checklist.map((item, i) => (
          <div key={item.key} className="score-row">
            <input aria-label={item.key} value={item.label} maxLength={100} onChange={(e) => edit(i, { label: e.target.value })} />
            <input type="number" aria-label={t('campaigns.form.points')} min={0} max={100} value={item.points} onChange={(e) => edit(i, { points: Number(e.target.value) })} />
            <button type="button" className="link" onClick={() => setChecklist(checklist.filter((_, k) => k !== i))}>{t('campaigns.form.removeItem')}</button>
          </div>
        ))}
        <button type="button" onClick={() => setChecklist([...checklist, { key: `item_${checklist.length + 1}_${Date.now() % 1000}`, label: '', points: 0 }])}>{t('campaigns.form.addItem')}</button>
      </fieldset>
      {kind === 'holiday' && (
        <fieldset className="checks" data-testid="campaign-boost"><legend>{t('campaigns.form.boost')}</legend>
          {RISK_FACTORS.map((f) => (
            <label key={f}><input type="checkbox" name={`boost-${f}`} checked={factors.includes(f)}
              onChange={(e) => setFactors(e.target.checked ? [...factors, f] : factors.filter((x) => x !== f))} />{t(`factor.${f}`)}</label>
          ))}
          <label>{t('campaigns.form.multiplier')}<input type="number" name="multiplier" min={BOOST_MULTIPLIER.min} max={BOOST_MULTIPLIER.max} step={0.1} value={multiplier}
            onChange={(e) => setMultiplier(Number(e.target.value))} /></label>
        </fieldset>
      )}
      <FormError error={save.error} />
      <button type="submit" className="primary" disabled={save.isPending} data-testid="campaign-submit">{t('campaigns.form.submit')}</button>
    </form>
  )
}
