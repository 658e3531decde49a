import { lazy, type ReactNode, Suspense } from 'react'
import { canSupervise, type Role } from '../../server/domain/roles.ts'
import type { ApiClient, SessionUser } from '../api.ts'
import type { Theme } from '../ui/theme.ts'
import { ZonePanel } from './panels/ZonePanel.tsx'
import type { Selection } from './selection.ts'

// Panels that carry charts or forms load on first use, not with the map.
const SitePanel = lazy(() => import('./panels/SitePanel.tsx').then((m) => ({ default: m.SitePanel })))
const HazardPanel = lazy(() => import('../zone/HazardPanel.tsx').then((m) => ({ default: m.HazardPanel })))
const InspectionForm = lazy(() => import('../zone/InspectionForm.tsx').then((m) => ({ default: m.InspectionForm })))

interface Props {
  api: ApiClient
  theme: Theme
  user: SessionUser
  selection: Selection | null
  onSelect(selection: Selection | null): void
  /** Opens a site and flies to it. */
  onSite(id: number): void
  /** What shows when nothing is selected (the supervisor's zone panel), if anything. */
  idle?: ReactNode
}

/** The one side panel, for whatever is selected. */
export function SelectionPanel({ api, theme, user, selection, onSelect, onSite, idle }: Props) {
  const close = () => onSelect(null)
  if (!selection) return <>{idle}</>
  const { kind, id } = selection
  return (
    <Suspense fallback={null}>
      {kind === 'site' && (
        <SitePanel api={api} siteId={id} theme={theme} onClose={close} onGrid={(gridId) => onSelect({ kind: 'grid', id: gridId })}
          onHazard={(hazardId) => onSelect({ kind: 'hazard', id: hazardId })}
          onInspect={canSupervise(user.role as Role) ? () => onSelect({ kind: 'inspect', id }) : undefined} />
      )}
      {(kind === 'grid' || kind === 'demoZone') && <ZonePanel api={api} kind={kind} id={id} onClose={close} onSite={onSite} />}
      {kind === 'hazard' && <HazardPanel api={api} hazardId={id} user={user} onClose={close} onSite={onSite} />}
      {kind === 'inspect' && <InspectionForm api={api} siteId={id} onClose={() => onSelect({ kind: 'site', id })} onDone={() => onSelect({ kind: 'site', id })} />}
    </Suspense>
  )
}
