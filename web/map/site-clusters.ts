import Supercluster from 'supercluster'
import { gradeOf, type RiskGrade } from '../../server/domain/risk.ts'
import type { SiteFeature } from './layers/sites-layer.ts'

/*
 * At city zoom thousands of dots merge into a smear, so sites are clustered: one circle per cluster, sized by its
 * count and coloured by the grade of its mean risk score. The worst grade would paint every large cluster red
 * (one 重大 site among a thousand is enough), so the number of 重大 sites is carried separately and shown apart.
 * From CLUSTER_BELOW_ZOOM on, every site is its own dot.
 */
export const CLUSTER_BELOW_ZOOM = 11

interface ClusterProps { scoreSum: number; scored: number; red: number }
type SiteProps = SiteFeature['properties']
export type SiteIndex = Supercluster<SiteProps & { siteId: number }, ClusterProps>

export interface SiteCluster { clusterId: number; position: [number, number]; count: number; meanGrade: RiskGrade | null; redCount: number }
export interface ClusteredSites { clusters: SiteCluster[]; singles: SiteFeature[] }

export function indexSites(sites: SiteFeature[]): SiteIndex {
  const index: SiteIndex = new Supercluster({
    radius: 48,
    maxZoom: CLUSTER_BELOW_ZOOM - 1,
    map: (p) => ({ scoreSum: p.riskScore ?? 0, scored: p.riskScore === null ? 0 : 1, red: p.riskGrade === 'red' ? 1 : 0 }),
    reduce: (acc, p) => {
      acc.scoreSum += p.scoreSum
      acc.scored += p.scored
      acc.red += p.red
    },
  })
  // supercluster keeps only properties, so the site's id travels inside them.
  return index.load(sites.map((f) => ({ ...f, properties: { ...f.properties, siteId: Number(f.id) } })))
}

/** Clusters and lone sites inside the view, at a whole zoom level as supercluster computes them. */
export function clusterSites(index: SiteIndex, bounds: [number, number, number, number], zoom: number): ClusteredSites {
  const clusters: SiteCluster[] = []
  const singles: SiteFeature[] = []
  for (const f of index.getClusters(bounds, Math.floor(zoom))) {
    const position = f.geometry.coordinates as [number, number]
    if ('cluster' in f.properties && f.properties.cluster) {
      const { cluster_id: clusterId, point_count: count, scoreSum, scored, red } = f.properties
      clusters.push({ clusterId, position, count, meanGrade: scored ? gradeOf(scoreSum / scored) : null, redCount: red })
    } else {
      const { siteId, ...properties } = f.properties as SiteProps & { siteId: number }
      singles.push({ type: 'Feature', id: siteId, geometry: f.geometry, properties })
    }
  }
  return { clusters, singles }
}

/** The zoom at which a cluster falls apart, for a click that opens it up. */
export function expansionZoom(index: SiteIndex, clusterId: number): number {
  return Math.min(index.getClusterExpansionZoom(clusterId), CLUSTER_BELOW_ZOOM)
}
