import { afterAll, beforeAll, describe, it } from 'vitest'
import { browserMissing, type Portal, startPortal } from '../support/portal.ts'
import * as accountability from './campaigns/accountability.ts'
import * as campaigns from './campaigns/campaigns.ts'
import * as chemicals from './campaigns/chemicals.ts'
import * as complaints from './campaigns/complaints.ts'
import * as patrol from './campaigns/patrol.ts'
import * as scaffold from './campaigns/scaffold.ts'

/*
 * Campaigns, complaints and accountability in Chromium, on one portal: a city and its browser cost more to start
 * than these walks do. Each feature's walks are in ./campaigns/<feature>.ts, with what they show.
 */

const SCENARIOS = [campaigns, chemicals, scaffold, complaints, patrol, accountability].flatMap((feature) => feature.scenarios)

describe.skipIf(browserMissing)('campaigns, complaints and accountability in Chromium', () => {
  let portal: Portal
  beforeAll(async () => { portal = await startPortal() })
  afterAll(() => portal?.close())

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('%s', (_name, scenario) => scenario.run(portal))
})
