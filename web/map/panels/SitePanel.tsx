import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../../api.ts'
import { Panel, Section } from '../../ui/Panel.tsx'
import { ContractorCredit } from './ContractorCredit.tsx'
import { Pm10Chart } from './Pm10Chart.tsx'
import { RiskBars } from './RiskBars.tsx'
import { SiteCranes } from './SiteCranes.tsx'
import { SiteDevices } from './SiteDevices.tsx'
import { SiteParties } from './SiteParties.tsx'
import { SiteRecords } from './SiteRecords.tsx'
import { SiteStaff } from './SiteStaff.tsx'
import { SiteTesting } from './SiteTesting.tsx'
import { SiteTimeline } from './SiteTimeline.tsx'

interface Props {
  api: ApiClient; siteId: number; theme: 'dark' | 'light'; onClose(): void; onGrid(gridId: number): void; onHazard(hazardId: number): void
  /** Present when the user may record an inspection here. */
  onInspect?: () => void
}

/** Everything a supervisor reads about one site: who builds it, how risky and why, what is watched and what is open. */
export function SitePanel({ api, siteId, theme, onClose, onGrid, onHazard, onInspect }: Props) {
  const { t, i18n } = useTranslation()
  const param = { id: String(siteId) }
  const site = useQuery({ queryKey: ['site', siteId], queryFn: () => unwrap(api.api.sites[':id'].$get({ param })) })
  const pm10 = useQuery({ queryKey: ['site-pm10', siteId], queryFn: () => unwrap(api.api.sites[':id'].pm10.$get({ param, query: { hours: '72' } })) })
  const s = site.data
  const num = (n: number | null | undefined, digits = 0) => (n == null ? '–' : n.toLocaleString(i18n.language, { maximumFractionDigits: digits }))
  if (!s) return <Panel title={site.error ? (site.error as Error).message : t('loading')} onClose={onClose} testId="site-panel" />
  return (
    <Panel title={s.name} subtitle={`${s.code} · ${t(`kind.${s.kind}`)} · ${t(`stage.${s.stage}`)}`} onClose={onClose} testId="site-panel">
      {onInspect && <button type="button" className="primary wide" data-testid="record-inspection" onClick={onInspect}>{t('inspect.record')}</button>}
      <Section title={t('site.risk')}><RiskBars risk={s.risk} /></Section>
      <SiteTimeline api={api} siteId={siteId} theme={theme} />
      <Section title={t('site.basics')}>
        <dl className="facts">
          <dt>{t('site.district')}</dt><dd>{s.district.name}</dd>
          <dt>{t('site.grid')}</dt>
          <dd>{s.grid ? <button type="button" className="link" onClick={() => onGrid(s.grid!.id)}>{s.grid.code} {s.grid.name}</button> : '–'}</dd>
          <dt>{t('site.address')}</dt><dd>{s.address}</dd>
          <dt>{t('site.period')}</dt><dd data-testid="site-period">{s.startDate === null && s.plannedEndDate === null ? t('site.periodUnknown') : `${s.startDate ?? t('site.dateUnknown')} → ${s.plannedEndDate ?? t('site.dateUnknown')}`}</dd>
          <dt>{t('site.floorArea')}</dt><dd>{num(s.floorArea)} {t('site.unit.m2')}</dd>
          <dt>{t('site.contractValue')}</dt><dd>{num(s.contractValueWan)} {t('site.unit.wan')}</dd>
          <dt>{t('site.credit')}</dt><dd><ContractorCredit credit={s.contractorCredit} /></dd>
          <dt>{t('site.standardization')}</dt><dd>{num(s.standardizationScore, 1)}</dd>
        </dl>
      </Section>
      <SiteParties parties={s.parties} />
      <SiteStaff api={api} siteId={siteId} />
      <SiteCranes cranes={s.cranes} />
      <SiteRecords site={s} onHazard={onHazard} />
      <SiteDevices api={api} siteId={siteId} />
      <SiteTesting api={api} siteId={siteId} />
      <Section title={t('site.pm10')}>
        {pm10.data && (
          <>
            <p className="muted">{pm10.data.source === 'site' ? t('site.pm10Own')
              : t('site.pm10Station', { name: pm10.data.stationName, km: num((pm10.data.distanceM ?? 0) / 1000, 1) })}</p>
            {pm10.data.readings.length > 0
              ? <Pm10Chart readings={pm10.data.readings} limit={pm10.data.limitUgM3} limitLabel={t('site.pm10Limit', { limit: pm10.data.limitUgM3 })} theme={theme} />
              : <p className="muted">{t('site.pm10Empty')}</p>}
          </>
        )}
      </Section>
    </Panel>
  )
}
