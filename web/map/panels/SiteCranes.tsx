import { useTranslation } from 'react-i18next'
import type { SiteDetail } from '../../api.ts'
import { Section } from '../../ui/Panel.tsx'

/** The site's cranes: those standing now with their stage, then those dismantled; each links to its machine's life. */
export function SiteCranes({ cranes }: { cranes: SiteDetail['cranes'] }) {
  const { t } = useTranslation()
  const ordered = [...cranes].sort((a, b) => Number(a.stage === 'dismantled') - Number(b.stage === 'dismantled'))
  return (
    <Section title={t('site.cranes')}>
      {ordered.length === 0 ? <p className="muted">{t('site.none')}</p> : (
        <ul className="records" data-testid="site-cranes">
          {ordered.map((c) => (
            <li key={c.id} className={c.stage === 'dismantled' ? 'muted' : ''}>
              {t(`crane.${c.kind}`)} <a href={`/registry/cranes/${c.machineId}`}>{c.recordNo}</a> · {t(`cranes.stage.${c.stage}`)}
              {c.stage !== 'dismantled' && (
                <small className={c.monitored ? '' : 'warn'}>{t(c.monitored ? 'site.monitored' : 'site.unmonitored')}
                  {c.lastInspectedOn && ` · ${t('site.lastInspected', { date: c.lastInspectedOn })}`}</small>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}
