import { useTranslation } from 'react-i18next'
import type { SiteDetail } from '../../api.ts'
import { Section } from '../../ui/Panel.tsx'

type Records = Pick<SiteDetail, 'keyProject' | 'dangerousWorks' | 'cranes' | 'coverage' | 'inspections' | 'openHazards'>

const INSPECTIONS_SHOWN = 5

/** The site's records: key-project measures, dangerous works, cranes, cameras, inspections and open hazards. */
export function SiteRecords({ site }: { site: Records }) {
  const { t } = useTranslation()
  const { keyProject: k, coverage } = site
  const none = <p className="muted">{t('site.none')}</p>
  return (
    <>
      {k && (
        <Section title={t('site.keyProject', { rank: k.rank })}>
          <ul className="measures" data-testid="key-measures">
            {([['enclosure', k.enclosureDoneOn], ['dustNet', k.dustNetDoneOn], ['spraying', k.sprayingDoneOn]] as const).map(([m, done]) => (
              <li key={m} className={done ? 'ok' : 'pending'}>{t(`site.measures.${m}`)}：{done ?? `${t('site.measures.pending')}（${t('site.measures.due', { date: k.deadline })}）`}</li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={t('site.dangerousWorks')}>
        {site.dangerousWorks.length === 0 ? none : (
          <ul className="records">
            {site.dangerousWorks.map((w) => (
              <li key={w.id}>
                {w.beyondScale && <span className="chip red">{t('site.beyondScale')}</span>}
                {t(`dangerous.${w.category}`)}{w.measureValue != null && ` ${w.measureValue}${w.measureUnit ?? ''}`}
                <small>{t(`workStatus.${w.status}`)} · {w.startsOn}</small>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('site.cranes')}>
        {site.cranes.length === 0 ? none : (
          <ul className="records">
            {site.cranes.map((c) => (
              <li key={c.id}>
                {t(`crane.${c.kind}`)} {c.registrationNo}
                <small className={c.monitored ? '' : 'warn'}>{t(c.monitored ? 'site.monitored' : 'site.unmonitored')}
                  {c.lastInspectedOn && ` · ${t('site.lastInspected', { date: c.lastInspectedOn })}`}</small>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('site.cameras')}>
        {!coverage || coverage.cameras === 0 ? <p className="warn">{t('site.noCamera')}</p> : (
          <p data-testid="site-coverage">
            {coverage.ratio == null ? '–' : t('site.coverage', { pct: Math.round(coverage.ratio * 100) })}
            {' · '}
            <span className={coverage.onlineCameras < coverage.cameras ? 'warn' : ''}>
              {t('site.camerasOnline', { online: coverage.onlineCameras, total: coverage.cameras })}
            </span>
          </p>
        )}
      </Section>
      <Section title={t('site.inspections')}>
        {site.inspections.length === 0 ? none : (
          <ul className="records">
            {site.inspections.slice(0, INSPECTIONS_SHOWN).map((i) => (
              <li key={i.id}>{t(`inspection.${i.kind}`)}<small>{i.inspectedAt.slice(0, 16).replace('T', ' ')}{i.score != null && ` · ${t('site.score', { score: i.score })}`}</small></li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={`${t('site.hazards')} (${site.openHazards.length})`}>
        {site.openHazards.length === 0 ? none : (
          <ul className="records" data-testid="open-hazards">
            {site.openHazards.map((h) => (
              <li key={h.id}>
                <span className={`chip ${h.severity === 'major' ? 'red' : 'amber'}`}>{t(`severity.${h.severity}`)}</span>
                {h.description}
                <small>{t(`hazardStatus.${h.status}`)} · {t('site.ageDays', { days: h.ageDays })}
                  {h.overdue && <b className="warn"> · {t('site.overdue')}</b>}</small>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  )
}
