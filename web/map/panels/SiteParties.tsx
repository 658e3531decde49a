import { useTranslation } from 'react-i18next'
import { navigate } from '../../ui/router.ts'
import { Section } from '../../ui/Panel.tsx'

export interface SiteParty { role: 'owner' | 'surveyor' | 'designer' | 'contractor' | 'supervisor'; enterpriseId: number | null; name: string; matched: boolean }

/** 参建单位: each party links to its page in the enterprise registry; a name not yet matched says so. */
export function SiteParties({ parties }: { parties: SiteParty[] }) {
  const { t } = useTranslation()
  return (
    <Section title={t('site.parties')}>
      <dl className="facts" data-testid="site-parties">
        {parties.length === 0 && <dd className="muted">–</dd>}
        {parties.map((p) => [
          <dt key={`${p.role}-t`}>{t(`site.${p.role}`)}</dt>,
          <dd key={`${p.role}-d`}>
            {p.enterpriseId !== null
              ? <a href={`/registry/enterprises/${p.enterpriseId}`} onClick={(e) => { e.preventDefault(); navigate(`/registry/enterprises/${p.enterpriseId}`) }}>{p.name}</a>
              : <>{p.name} <span className="muted">{t('enterprises.unmatchedTag')}</span></>}
          </dd>,
        ])}
      </dl>
    </Section>
  )
}
