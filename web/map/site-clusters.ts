import Supercluster from 'supercluster'
import { gradeOf, type RiskGrade } from '../../server/domain/risk.ts'
import { GRADES, type SiteColumns } from './site-columns.ts'

/*
 * At city zoom thousands of dots merge into a smear, so sites are clustered: one circle per cluster, sized by its
 * count and coloured by the grade of its mean risk score. The worst grade would paint every large cluster red
 * (one 重大 site among a thousand is enough), so the number of 重大 sites is carried separately and shown apart.
 * From CLUSTER_BELOW_ZOOM on, every site is its own dot. The index is built in the sites worker (sites-worker.ts):
 * 100,000 points take a fifth of a second.
 */
export const CLUSTER_BELOW_ZOOM = 11

/** What clustering reads of the sites: where each row is, its score and its grade. */
export type ClusterInput = Pick<SiteColumns, 'positions' | 'riskScore' | 'grade'>

interface ClusterProps { scoreSum: number; scored: number; red: number }
export type SiteIndex = Supercluster<{ row: number }, ClusterProps>

export interface SiteCluster { clusterId: number; position: [number, number]; count: number; meanGrade: RiskGrade | null; redCount: number }
/** `singles` are the rows drawn as their own dots, ascending. */
export interface ClusteredSites { clusters: SiteCluster[]; singles: number[] }

const RED = GRADES.indexOf('red') + 1

export function indexSites({ positions, riskScore, grade }: ClusterInput): SiteIndex {
  const index: SiteIndex = new Supercluster({
    radius: 48,
    maxZoom: CLUSTER_BELOW_ZOOM - 1,
    map: ({ row }) => {
      const score = riskScore[row]
      return { scoreSum: Number.isNaN(score) ? 0 : score, scored: Number.isNaN(score) ? 0 : 1, red: grade[row] === RED ? 1 : 0 }
    },
    reduce: (acc, p) => {
      acc.scoreSum += p.scoreSum
      acc.scored += p.scored
      acc.red += p.red
    },
  })
  const points = Array.from({ length: riskScore.length }, (_, row) => ({
    type: 'Feature' as const, properties: { row }, geometry: { type: 'Point' as const, coordinates: [positions[2 * row], positions[2 * row + 1]] },
  }))
  return index.load(points)
}

/** Clusters and lone sites inside the view, at a whole zoom level as supercluster computes them. */
export function clusterSites(index: SiteIndex, bounds: [number, number, number, number], zoom: number): ClusteredSites {
  const clusters: SiteCluster[] = []
  const singles: number[] = []
  for (const f of index.getClusters(bounds, Math.floor(zoom))) {
    if ('cluster' in f.properties && f.properties.cluster) {
      const { cluster_id: clusterId, point_count: count, scoreSum, scored, red } = f.properties
      clusters.push({ clusterId, position: f.geometry.coordinates as [number, number], count, meanGrade: scored ? gradeOf(scoreSum / scored) : null, redCount: red })
    } else {
      singles.push((f.properties as { row: number }).row)
    }
  }
  return { clusters, singles: singles.sort((a, b) => a - b) }
}

/** The zoom at which a cluster falls apart, for a click that opens it up. */
export function expansionZoom(index: SiteIndex, clusterId: number): number {
  return Math.min(index.getClusterExpansionZoom(clusterId), CLUSTER_BELOW_ZOOM)
}
