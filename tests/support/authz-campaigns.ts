import * as accountability from './authz/accountability.ts'
import * as campaigns from './authz/campaigns.ts'
import * as chemicals from './authz/chemicals.ts'
import * as complaints from './authz/complaints.ts'
import * as patrol from './authz/patrol.ts'
import * as scaffold from './authz/scaffold.ts'
import * as history from './authz/history.ts'
import * as trends from './authz/trends.ts'
import * as reports from './authz/reports.ts'
import * as notifications from './authz/notifications.ts'
import type { Endpoint, MatrixWorld } from './authz-matrix.ts'

/*
 * The matrix's endpoints for campaigns, complaints and accountability, one module per feature under ./authz/.
 * Each module gives its endpoints (their paths read the world lazily, once it is made) and the row counts its
 * writes could change, which a refused request must leave as they were.
 */
const FEATURES: { endpoints: (world: () => MatrixWorld) => Endpoint[]; written: string[] }[] = [
  campaigns, chemicals, scaffold, complaints, patrol, accountability, history, trends, reports, notifications,
]

export const campaignEndpoints = (world: () => MatrixWorld): Endpoint[] => FEATURES.flatMap((feature) => feature.endpoints(world))

/** Row counts and states of everything the features' writes touch, as one string. */
export const campaignWrittenSql = (): string => FEATURES.flatMap((feature) => feature.written).join(', ') || `'nothing'`
