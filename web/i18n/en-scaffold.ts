import type { zhScaffold } from './zh-scaffold.ts'

/** English for scaffold component spot checks; the keys are the Chinese file's. */
export const enScaffold: typeof zhScaffold = {
  scaffold: {
    samplings: 'Sampling records', manufacturers: 'Manufacturers\' failure rates',
    component: {
      standard: 'Standard (立杆)', ledger: 'Ledger (水平杆)', diagonal: 'Diagonal (斜杆)', adjustable_base: 'Adjustable base', adjustable_head: 'Adjustable head',
      rosette: 'Rosette (连接盘)', wedge_pin: 'Wedge pin (插销)',
    },
    property: {
      yield_strength: 'Yield strength', tensile_strength: 'Tensile strength', elongation: 'Elongation', outer_diameter: 'Outer diameter',
      wall_thickness: 'Wall thickness', plate_thickness: 'Thickness',
    },
    verdict: { pass: 'Pass', fail: 'Fail' },
    col: {
      sampledOn: 'Sampled on', site: 'Site', component: 'Component', batchNo: 'Batch', manufacturer: 'Manufacturer', sampleCount: 'Samples', lab: 'Lab',
      verdict: 'Verdict', failedSamples: 'Failed samples', hazard: 'Hazard', campaign: 'Campaign', property: 'Property', values: 'Measured', limit: 'Required',
      rank: 'Rank', samplings: 'Batches', failed: 'Failed batches', rate: 'Batch failure rate', samples: 'Samples', lastFailureOn: 'Last failure', districts: 'Districts',
    },
    anyComponent: 'All components', anyVerdict: 'All verdicts', total: '{{count}} records', none: 'No records yet', details: 'Measured',
    form: {
      title: 'Record a sampling', siteId: 'Site ID', campaignId: 'Scaffold campaign ID (optional)', chooseLab: 'Choose a lab',
      valuesHint: 'one value per sample, separated by spaces or commas', preview: 'Judged by the standard: ', failedOf: '{{count}} failed', submit: 'Save',
      saved: 'Saved: batch {{batch}}, {{verdict}}', hazardOpened: 'Major hazard #{{id}} opened: take the batch out of use and retest', noValues: 'Enter at least one measured property',
    },
    rankingNote: 'Ranked by the share of failed batches across the city; one firm\'s spellings are merged',
    error: {
      not_a_testing_institution: 'This firm is not a testing institution in the registry',
      outside_qualification_scope: 'This lab had no valid qualification covering building components on the sampling day',
      not_a_scaffold_campaign: 'This is not a scaffold (盘扣) campaign',
      campaign_not_running: 'The sampling day is outside the campaign\'s period',
      date_in_future: 'The sampling day cannot be after today',
      not_found: 'No such site in your zone',
    },
  },
}
