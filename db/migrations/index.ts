import type { Migration } from 'kysely/migration'
import * as foundation from './2026-11-24-0001-foundation.ts'
import * as analytics from './2026-11-24-0002-analytics.ts'
import * as water from './2026-11-24-0003-water.ts'
import * as live from './2026-11-24-0004-live.ts'
import * as accounts from './2026-11-24-0005-accounts.ts'
import * as keyLists from './2026-11-24-0006-key-lists.ts'
import * as restorableChecks from './2026-11-24-0007-restorable-checks.ts'
import * as tileChanges from './2026-11-24-0008-tile-changes.ts'
import * as distributionKeys from './2026-11-24-0009-distribution-keys.ts'
import * as searchIndex from './2026-11-24-0010-search-index.ts'
import * as siteCells from './2026-11-24-0011-site-cells.ts'
import * as mapIndexes from './2026-11-24-0012-map-indexes.ts'
import * as devices from './2026-12-03-0013-devices.ts'
import * as importTemplates from './2026-12-04-0014-import-templates.ts'
import * as security from './2026-12-04-0015-security.ts'
import * as twoFactor from './2026-12-04-0016-two-factor.ts'
import * as auditRetention from './2026-12-04-0017-audit-retention.ts'
import * as registry from './2026-12-04-0018-registry.ts'
import * as campaigns from './2026-12-05-0019-campaigns.ts'
import * as history from './2026-12-05-0020-history.ts'
import * as kpiAreas from './2026-12-06-0021-kpi-areas.ts'
import * as nameNgrams from './2026-12-06-0022-name-ngrams.ts'
import * as kpiChemicals from './2026-12-07-0023-kpi-chemicals.ts'
import * as kpiCampaigns from './2026-12-07-0024-kpi-campaigns.ts'
import * as codeLength from './2026-12-07-0025-code-length.ts'
import * as cellRisk from './2026-12-07-0026-cell-risk.ts'

/*
 * Every migration, in order. A static list rather than a folder scan, so that migrations load the same way
 * under tsx, vitest and any bundler. Append new ones; never edit or reorder landed ones.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-24-0001-foundation': foundation,
  '2026-11-24-0002-analytics': analytics,
  '2026-11-24-0003-water': water,
  '2026-11-24-0004-live': live,
  '2026-11-24-0005-accounts': accounts,
  '2026-11-24-0006-key-lists': keyLists,
  '2026-11-24-0007-restorable-checks': restorableChecks,
  '2026-11-24-0008-tile-changes': tileChanges,
  '2026-11-24-0009-distribution-keys': distributionKeys,
  '2026-11-24-0010-search-index': searchIndex,
  '2026-11-24-0011-site-cells': siteCells,
  '2026-11-24-0012-map-indexes': mapIndexes,
  '2026-12-03-0013-devices': devices,
  '2026-12-04-0014-import-templates': importTemplates,
  '2026-12-04-0015-security': security,
  '2026-12-04-0016-two-factor': twoFactor,
  '2026-12-04-0017-audit-retention': auditRetention,
  '2026-12-04-0018-registry': registry,
  '2026-12-05-0019-campaigns': campaigns,
  '2026-12-05-0020-history': history,
  '2026-12-06-0021-kpi-areas': kpiAreas,
  '2026-12-06-0022-name-ngrams': nameNgrams,
  '2026-12-07-0023-kpi-chemicals': kpiChemicals,
  '2026-12-07-0024-kpi-campaigns': kpiCampaigns,
  '2026-12-07-0025-code-length': codeLength,
  '2026-12-07-0026-cell-risk': cellRisk,
}
