import type { Portal } from '../../support/portal.ts'

/** One browser walk through a feature, run on the portal campaigns.test.ts starts once for all of them. */
export interface Scenario { name: string; run(portal: Portal): Promise<void> }
