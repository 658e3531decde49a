import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../../api.ts'
import { Panel, Section } from '../../ui/Panel.tsx'
import { GRADE_COLORS, rgb } from '../layers/colors.ts'

interface Props { api: ApiClient; kind: 'grid' | 'demoZone'; id: number; onClose(): void; onSite(siteId: number): void }

const GRADES = ['red', 'orange', 'yellow', 'blue'] as const

type GridSummary = InferResponseType<ApiClient['api']['grids'][':id']['$get'], 200>
type DemoZoneSummary = InferResponseType<ApiClient['api']['demo-zones'][':id']['$get'], 200>

/** A grid or the demonstration zone: who is responsible, how its sites stand, and the sites, riskiest first. */
export function ZonePanel({ api, kind, id, onClose, onSite }: Props) {
  const { t } = useTranslation()
  const param = { id: String(id) }
  const zone = useQuery({
    queryKey: ['zone', kind, id],
    queryFn: (): Promise<GridSummary | DemoZoneSummary> => (kind === 'grid' ? unwrap(api.api.grids[':id'].$get({ param })) : unwrap(api.api['demo-zones'][':id'].$get({ param }))),
  })
  const z = zone.data
  if (!z) return <Panel title={zone.error ? (zone.error as Error).message : t('loading')} onClose={onClose} testId="zone-panel" />
  const supervisors = 'supervisors' in z ? z.supervisors : null
  const pct = (r: number | null) => (r == null ? '–' : `${Math.round(r * 100)}%`)
  const stats: [string, string | number, boolean?][] = [
    [t('zone.keyProjects'), z.keyProjects],
    [t('zone.beyondScale'), z.beyondScaleSites],
    [t('zone.openHazards'), z.openHazards],
    [t('zone.overdue'), z.overdueHazards, z.overdueHazards > 0],
    [t('zone.noCamera'), z.sitesWithoutCamera, z.sitesWithoutCamera > 0],
    [t('zone.offline'), z.sitesWithOfflineCamera],
    [t('zone.meanCoverage'), pct(z.meanCoverageRatio)],
    [t('zone.meanStandardization'), z.meanStandardizationScore ?? '–'],
  ]
  const subtitle = [kind === 'grid' ? `${t('zone.grid')} ${'code' in z ? z.code : ''}` : t('zone.demoZone'),
    'district' in z ? `${z.district} ${z.township}` : null, t('zone.area', { km2: z.areaKm2 }), t('zone.sites', { count: z.siteCount })]
  return (
    <Panel title={z.name} subtitle={subtitle.filter(Boolean).join(' · ')} onClose={onClose} testId="zone-panel">
      {supervisors && (
        <Section title={t('zone.supervisors')}>
          <ul className="records">{supervisors.map((s) => <li key={s.name}>{s.name}{s.phone && <small>{s.phone}</small>}</li>)}</ul>
        </Section>
      )}
      {'description' in z && <p className="muted">{z.description}</p>}
      <Section title={t('zone.byGrade')}>
        <div className="grade-strip" data-testid="zone-grades">
          {GRADES.map((g) => (
            <span key={g} style={{ borderColor: rgb(GRADE_COLORS[g]) }}><b>{z.byGrade[g] ?? 0}</b>{t(`grade.${g}`)}</span>
          ))}
        </div>
        <dl className="facts">
          {stats.map(([label, value, warn]) => [<dt key={`${label}-t`}>{label}</dt>, <dd key={`${label}-d`} className={warn ? 'warn' : ''}>{value}</dd>])}
        </dl>
      </Section>
      <Section title={t('zone.list')}>
        <ul className="site-list" data-testid="zone-sites">
          {z.sites.map((s) => (
            <li key={s.id}>
              <button type="button" className="link" onClick={() => onSite(s.id)}>
                <i style={{ background: s.riskGrade ? rgb(GRADE_COLORS[s.riskGrade]) : 'transparent' }} />
                {s.name}
              </button>
              <small>{s.riskScore ?? '–'}</small>
            </li>
          ))}
        </ul>
      </Section>
    </Panel>
  )
}
