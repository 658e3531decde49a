import type { EnterpriseKind } from './enterprise.ts'

/*
 * A construction crane's life (建筑起重机械全生命周期, 《建筑起重机械安全监督管理规定》): the machine is filed once
 * (产权备案) and then, site after site, installed (安装告知), inspected (检验), registered for use (使用登记),
 * maintained while in use (维保), and dismantled (拆卸告知 → 拆卸). Each step is checked here against the machine's
 * state before it is written, so a machine can never be registered without a passed, unexpired inspection, stand
 * on two sites at once, or have its history go backwards. Pure: the server and the web app share it.
 */
export const CRANE_KINDS = ['tower_crane', 'hoist', 'gantry_crane'] as const
export type CraneKind = typeof CRANE_KINDS[number]

export const CRANE_STEPS = ['filing', 'install_notice', 'inspection', 'use_registration', 'maintenance', 'dismantle_notice', 'dismantled'] as const
export type CraneStep = typeof CRANE_STEPS[number]

/** An installation's stage (`cranes.stage`); `dismantled` ends it and frees the machine for another site. */
export const INSTALLATION_STAGES = ['install_notified', 'inspected', 'in_use', 'dismantle_notified', 'dismantled'] as const
export type InstallationStage = typeof INSTALLATION_STAGES[number]

/**
 * Maintenance (维保) is due monthly while a crane is in use: JGJ 196 (塔式起重机) and JGJ 215 (施工升降机) require
 * a monthly periodic check by the maintaining firm. Counted from the later of the last maintenance and the day
 * the crane went into use.
 */
export const MAINTENANCE_INTERVAL_DAYS = 30
/** An inspection expiring within this many days is shown as due soon. */
export const INSPECTION_DUE_SOON_DAYS = 30

export interface InspectionFact { on: string; passed: boolean; expiresOn: string | null }

/** The live installation: the machine on one site, not yet dismantled. */
export interface LiveInstallation {
  siteId: number
  stage: Exclude<InstallationStage, 'dismantled'>
  installedOn: string
  /** The latest inspection of this installation, if any. */
  inspection: InspectionFact | null
  inUseSince: string | null
  lastMaintenanceOn: string | null
}

export interface MachineState {
  filedOn: string | null
  scrappedOn: string | null
  /** The latest day any step was recorded on: a new step may not be dated before it. */
  lastStepOn: string | null
  installation: LiveInstallation | null
}

export interface StepInput {
  step: CraneStep
  /** Beijing day, YYYY-MM-DD. */
  on: string
  /** The site of an install notice. */
  siteId?: number | null
  /** The installer, agency, maintaining or dismantling firm; required for every step but filing. */
  enterpriseId?: number | null
  passed?: boolean | null
  expiresOn?: string | null
  /** 使用登记编号 of a use registration. */
  documentNo?: string | null
}

export const STEP_REFUSALS = [
  'already_filed', 'not_filed', 'scrapped', 'date_in_future', 'date_before_last_step', 'date_before_filing',
  'already_installed', 'not_installed', 'wrong_stage', 'enterprise_required', 'site_required',
  'result_required', 'expiry_required', 'expiry_not_after_inspection', 'no_passed_inspection', 'inspection_expired',
  'registration_no_required',
] as const
export type StepRefusal = typeof STEP_REFUSALS[number]

export type StepOutcome = { ok: true; state: MachineState } | { ok: false; reason: StepRefusal }

/** The stages of the live installation each step may be taken from (null: no live installation). */
const FROM_STAGES: Record<Exclude<CraneStep, 'filing'>, readonly (LiveInstallation['stage'] | null)[]> = {
  install_notice: [null],
  // A first inspection, a repeat after a failure, and the periodic one while in use.
  inspection: ['install_notified', 'inspected', 'in_use'],
  use_registration: ['inspected'],
  maintenance: ['in_use'],
  // A crane may be taken down before it was ever used.
  dismantle_notice: ['install_notified', 'inspected', 'in_use'],
  dismantled: ['dismantle_notified'],
}

/** The registry kinds a step's firm must have: who may install, inspect, register, maintain and dismantle. */
export const STEP_FIRM_KINDS: Record<Exclude<CraneStep, 'filing'>, readonly EnterpriseKind[]> = {
  install_notice: ['crane_installer'], inspection: ['testing'], use_registration: ['crane_owner', 'contractor'],
  maintenance: ['crane_maintainer', 'crane_installer'], dismantle_notice: ['crane_installer'], dismantled: ['crane_installer'],
}

export const UNFILED: MachineState = { filedOn: null, scrappedOn: null, lastStepOn: null, installation: null }

/** Whether an inspection lets a crane work on `day`: passed and not expired. */
export function inspectionValidOn(inspection: InspectionFact | null, day: string): boolean {
  return inspection !== null && inspection.passed && inspection.expiresOn !== null && inspection.expiresOn >= day
}

/** What the step would need that the input lacks, before any state is looked at. */
function missingInput(input: StepInput): StepRefusal | null {
  if (input.step !== 'filing' && input.enterpriseId == null) return 'enterprise_required'
  if (input.step === 'install_notice' && input.siteId == null) return 'site_required'
  if (input.step === 'inspection') {
    if (input.passed == null) return 'result_required'
    if (input.passed && !input.expiresOn) return 'expiry_required'
    if (input.expiresOn && input.expiresOn <= input.on) return 'expiry_not_after_inspection'
  }
  if (input.step === 'use_registration' && !input.documentNo?.trim()) return 'registration_no_required'
  return null
}

/** Why the step may not be taken now, or null: the machine's state, the stage and the dates. */
export function refusalOf(state: MachineState, input: StepInput, today: string): StepRefusal | null {
  if (input.on > today) return 'date_in_future'
  if (state.scrappedOn !== null) return 'scrapped'
  if (input.step === 'filing') return state.filedOn === null ? missingInput(input) : 'already_filed'
  if (state.filedOn === null) return 'not_filed'
  if (input.on < state.filedOn) return 'date_before_filing'
  if (state.lastStepOn !== null && input.on < state.lastStepOn) return 'date_before_last_step'
  const stage = state.installation?.stage ?? null
  if (!FROM_STAGES[input.step].includes(stage)) {
    if (stage === null) return 'not_installed'
    return input.step === 'install_notice' ? 'already_installed' : 'wrong_stage'
  }
  const missing = missingInput(input)
  if (missing) return missing
  if (input.step === 'use_registration') {
    const inspection = state.installation!.inspection
    if (!inspection?.passed) return 'no_passed_inspection'
    if (!inspectionValidOn(inspection, input.on)) return 'inspection_expired'
  }
  return null
}

/** The machine after the step, or why it is refused. */
export function applyStep(state: MachineState, input: StepInput, today: string): StepOutcome {
  const reason = refusalOf(state, input, today)
  if (reason) return { ok: false, reason }
  const after: MachineState = { ...state, lastStepOn: input.on }
  const live = state.installation
  switch (input.step) {
    case 'filing':
      return { ok: true, state: { ...after, filedOn: input.on } }
    case 'install_notice':
      return { ok: true, state: { ...after, installation: { siteId: input.siteId!, stage: 'install_notified', installedOn: input.on, inspection: null, inUseSince: null, lastMaintenanceOn: null } } }
    case 'inspection': {
      const inspection = { on: input.on, passed: input.passed!, expiresOn: input.passed ? input.expiresOn! : null }
      // Passing moves a new installation on; a failed periodic inspection leaves the crane in use, flagged.
      const stage = live!.stage === 'in_use' ? 'in_use' : inspection.passed ? 'inspected' : 'install_notified'
      return { ok: true, state: { ...after, installation: { ...live!, stage, inspection } } }
    }
    case 'use_registration':
      return { ok: true, state: { ...after, installation: { ...live!, stage: 'in_use', inUseSince: input.on } } }
    case 'maintenance':
      return { ok: true, state: { ...after, installation: { ...live!, lastMaintenanceOn: input.on } } }
    case 'dismantle_notice':
      return { ok: true, state: { ...after, installation: { ...live!, stage: 'dismantle_notified' } } }
    case 'dismantled':
      return { ok: true, state: { ...after, installation: null } }
  }
}

/** The stage an installation is in after a step on it (the `cranes.stage` to write). */
export function stageAfter(state: MachineState): InstallationStage {
  return state.installation?.stage ?? 'dismantled'
}

/** Steps that the machine's state allows at all (the input may still be refused: dates, firm, result). */
export function nextSteps(state: MachineState): CraneStep[] {
  if (state.scrappedOn !== null) return []
  if (state.filedOn === null) return ['filing']
  const stage = state.installation?.stage ?? null
  return CRANE_STEPS.filter((step) => step !== 'filing' && FROM_STAGES[step].includes(stage))
}

export const CRANE_FLAGS = ['inspection_invalid_in_use', 'inspection_due_soon', 'maintenance_overdue'] as const
export type CraneFlag = typeof CRANE_FLAGS[number]

function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/**
 * What is wrong with a live installation on `today`: in use without a passed, unexpired inspection (a hazard: the
 * sweep raises it), an inspection expiring soon, or maintenance overdue.
 */
export function installationFlags(live: LiveInstallation | null, today: string): CraneFlag[] {
  if (!live || live.stage !== 'in_use') return []
  const flags: CraneFlag[] = []
  if (!inspectionValidOn(live.inspection, today)) flags.push('inspection_invalid_in_use')
  else if (daysFrom(today, live.inspection!.expiresOn!) <= INSPECTION_DUE_SOON_DAYS) flags.push('inspection_due_soon')
  const since = [live.lastMaintenanceOn, live.inUseSince].filter((d): d is string => d !== null).sort().at(-1)
  if (since && daysFrom(since, today) > MAINTENANCE_INTERVAL_DAYS) flags.push('maintenance_overdue')
  return flags
}
