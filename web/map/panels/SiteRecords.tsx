import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { SiteDetail } from '../../api.ts'
import { Section } from '../../ui/Panel.tsx'

type Records = Pick<SiteDetail, 'keyProject' | 'dangerousWorks' | 'coverage' | 'inspections' | 'openHazards'>

const INSPECTIONS_SHOWN = 5

/** The site's records: key-project measures, dangerous works, cameras, inspections and open hazards (cranes: SiteCranes). */
export function SiteRecords({ site, onHazard }: { site: Records; onHazard(id: number): void }) {
  const { t } = useTranslation()
  const { keyProject: k, coverage } = site
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
      <RecordList title={t('site.dangerousWorks')} items={site.dangerousWorks} render={(w) => (
        <>
          {w.beyondScale && <span className="chip red">{t('site.beyondScale')}</span>}
          {t(`dangerous.${w.category}`)}{w.measureValue != null && ` ${w.measureValue}${w.measureUnit ?? ''}`}
          <small>{t(`workStatus.${w.status}`)} · {w.startsOn}</small>
        </>
      )} />
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
      <RecordList title={t('site.inspections')} items={site.inspections.slice(0, INSPECTIONS_SHOWN)} render={(i) => (
        <>{t(`inspection.${i.kind}`)}<small>{i.inspectedAt.slice(0, 16).replace('T', ' ')}{i.score != null && ` · ${t('site.score', { score: i.score })}`}</small></>
      )} />
      <RecordList title={`${t('site.hazards')} (${site.openHazards.length})`} items={site.openHazards} testId="open-hazards" render={(h) => (
        <button type="button" className="link task" onClick={() => onHazard(h.id)}>
          <span className={`chip ${h.severity === 'major' ? 'red' : 'amber'}`}>{t(`severity.${h.severity}`)}</span>
          {h.description}
          <small>{t(`hazardStatus.${h.status}`)} · {t('site.ageDays', { days: h.ageDays })}
            {h.overdue && <b className="warn"> · {t('site.overdue')}</b>}</small>
        </button>
      )} />
    </>
  )
}

interface RecordListProps<T> { title: string; items: T[]; render(item: T): ReactNode; testId?: string }

/** A titled list of a site's records, or 「无」 when there are none. */
function RecordList<T extends { id: number }>({ title, items, render, testId }: RecordListProps<T>) {
  const { t } = useTranslation()
  return (
    <Section title={title}>
      {items.length === 0 ? <p className="muted">{t('site.none')}</p> : (
        <ul className="records" data-testid={testId}>{items.map((item) => <li key={item.id}>{render(item)}</li>)}</ul>
      )}
    </Section>
  )
}
