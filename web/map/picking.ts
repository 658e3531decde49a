import type { TFunction } from 'i18next'
import { siteAt, type SiteColumns } from './site-columns.ts'
import type { Selection } from './selection.ts'
import type { SiteCluster } from './site-clusters.ts'

/**
 * What deck.gl hands us for a hover or a click: the layer, the datum under the pointer and, when the layer is a
 * composite such as a tile layer, the sub-layer that drew it.
 */
export interface Picked { layer?: PickedLayer | null; sourceLayer?: PickedLayer | null; object?: unknown; index?: number }
type PickedLayer = { id: string; props?: { data?: unknown } }

type WithId = { id?: string | number; properties?: Record<string, unknown> }

export type PickAction = { select: Selection } | { expandCluster: SiteCluster } | null

/**
 * Which of our layers was picked. A tile layer's picks come from its sub-layers, named `<tile layer>-<x>-<y>-<z>-<layer>`;
 * any other layer is itself (a GeoJSON layer's own sub-layers, such as `grids-polygons-fill`, are not ours to name).
 */
const layerKind = ({ layer, sourceLayer }: Picked) =>
  (layer && /-tiles$/.test(layer.id) ? sourceLayer?.id.replace(/^[a-z]+-tiles-\d+-\d+-\d+-/, '') : layer?.id)

/**
 * What was picked. A layer drawn from site columns has no objects (deck.gl gives only the row), so the row's site
 * is made from the columns its data carries (layers/sites-layer.ts).
 */
function objectOf({ object, layer, sourceLayer, index }: Picked): unknown {
  if (object || index === undefined || index < 0) return object
  const columns = ((sourceLayer ?? layer)?.props?.data as { columns?: SiteColumns } | undefined)?.columns
  return columns && siteAt(columns, index)
}

/** A click on the map: open a site, a grid or the zone in the side panel, or open up a cluster. */
export function pickAction(picked: Picked): PickAction {
  const { layer } = picked
  const object = objectOf(picked)
  if (!layer || !object) return null
  const o = object as WithId
  switch (layerKind(picked)) {
    case 'sites': case 'site-footprints': return { select: { kind: 'site', id: Number(o.id) } }
    case 'key-projects': case 'testing-campaigns': return { select: { kind: 'site', id: Number(o.properties?.siteId) } }
    case 'cameras': case 'devices': return { select: { kind: 'site', id: Number(o.properties?.siteId) } }
    case 'site-clusters': return { expandCluster: object as SiteCluster }
    case 'grids': return { select: { kind: 'grid', id: Number(o.id) } }
    case 'demo-zone': return { select: { kind: 'demoZone', id: Number(o.id) } }
    default: return null
  }
}

/** Hover text; plain text (deck.gl sets it as text, never as HTML), since names come from users. */
export function tooltipText(picked: Picked, t: TFunction): string | null {
  const { layer } = picked
  const object = objectOf(picked)
  if (!layer || !object) return null
  const p = (object as WithId).properties ?? {}
  switch (layerKind(picked)) {
    case 'sites': case 'site-footprints':
      // A dot from a tile has no name: its panel has it.
      return `${p.name ? `${p.name}\n` : ''}${p.code} · ${t(`kind.${p.kind}`)} · ${p.riskGrade ? t(`grade.${p.riskGrade}`) : '–'}${
        p.openHazards === undefined ? '' : `\n${t('playback.hazards', { open: p.openHazards, overdue: p.overdueHazards })}`}`
    case 'key-projects': return `${p.name}\n${t('legend.measures', { n: p.measuresDone })}`
    case 'testing-campaigns': return `${p.name}\n${t(`testing.campaign.${p.material}`)} · ${t('testing.layer.reports', { count: p.reports as number })}`
    case 'site-clusters': return t('tooltip.cluster', { count: (object as SiteCluster).count })
    case 'grids': return `${p.code} ${p.name}\n${t('tooltip.supervisors')}：${(p.supervisors as string[] | undefined)?.join('、') ?? '–'}\n${t('tooltip.siteCount', { count: p.siteCount as number })}`
    case 'demo-zone': return String(p.name)
    case 'cameras': return `${p.code} · ${t(p.online ? 'legend.online' : 'legend.offline')}`
    case 'devices': return `${p.code} · ${t(`liveDevices.kind.${p.kind}`)} · ${t(`liveDevices.health.${p.health}`)}`
    default: return null
  }
}
