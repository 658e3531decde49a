import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  applyStep, CRANE_STEPS, inspectionValidOn, installationFlags, type MachineState, nextSteps, refusalOf, type StepInput, UNFILED,
} from '../../server/domain/crane-lifecycle.ts'

const TODAY = '2026-11-24'
const day = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)

/** Takes the steps in order, failing the test on the first refusal. */
function run(steps: StepInput[], from: MachineState = UNFILED): MachineState {
  return steps.reduce((state, step) => {
    const outcome = applyStep(state, step, TODAY)
    if (!outcome.ok) throw new Error(`${step.step} on ${step.on} refused: ${outcome.reason}`)
    return outcome.state
  }, from)
}

const firm = { enterpriseId: 7 }
const inUse = () => run([
  { step: 'filing', on: day(-400) },
  { step: 'install_notice', on: day(-300), siteId: 1, ...firm },
  { step: 'inspection', on: day(-290), passed: true, expiresOn: day(60), ...firm },
  { step: 'use_registration', on: day(-285), documentNo: '苏E-0001', ...firm },
  { step: 'maintenance', on: day(-10), ...firm },
])

describe('crane lifecycle', () => {
  it('takes a machine through its life and frees it for another site', () => {
    const used = inUse()
    expect(used.installation).toMatchObject({ siteId: 1, stage: 'in_use', inUseSince: day(-285), lastMaintenanceOn: day(-10) })
    const gone = run([{ step: 'dismantle_notice', on: day(-5), ...firm }, { step: 'dismantled', on: day(-3), ...firm }], used)
    expect(gone.installation).toBeNull()
    expect(nextSteps(gone)).toEqual(['install_notice'])
    expect(run([{ step: 'install_notice', on: day(-1), siteId: 2, ...firm }], gone).installation).toMatchObject({ siteId: 2, stage: 'install_notified' })
  })

  it('refuses skipped steps, a second site, backwards dates and scrapped machines, each with its reason', () => {
    const filed = run([{ step: 'filing', on: day(-100) }])
    const notified = run([{ step: 'install_notice', on: day(-90), siteId: 1, ...firm }], filed)
    const failed = run([{ step: 'inspection', on: day(-80), passed: false, ...firm }], notified)
    const lapsed = run([{ step: 'inspection', on: day(-80), passed: true, expiresOn: day(-20), ...firm }], notified)
    const cases: [MachineState, StepInput, string][] = [
      [UNFILED, { step: 'install_notice', on: day(-1), siteId: 1, ...firm }, 'not_filed'],
      [filed, { step: 'filing', on: day(-1) }, 'already_filed'],
      [filed, { step: 'use_registration', on: day(-1), documentNo: 'X', ...firm }, 'not_installed'],
      [notified, { step: 'use_registration', on: day(-1), documentNo: 'X', ...firm }, 'wrong_stage'],
      [failed, { step: 'use_registration', on: day(-1), documentNo: 'X', ...firm }, 'wrong_stage'],
      [lapsed, { step: 'use_registration', on: day(-1), documentNo: 'X', ...firm }, 'inspection_expired'],
      [notified, { step: 'install_notice', on: day(-1), siteId: 2, ...firm }, 'already_installed'],
      [notified, { step: 'inspection', on: day(-95), passed: true, expiresOn: day(100), ...firm }, 'date_before_last_step'],
      [filed, { step: 'install_notice', on: day(1), siteId: 1, ...firm }, 'date_in_future'],
      [{ ...filed, scrappedOn: day(-50) }, { step: 'install_notice', on: day(-1), siteId: 1, ...firm }, 'scrapped'],
      [notified, { step: 'inspection', on: day(-1), passed: true, ...firm }, 'expiry_required'],
      [notified, { step: 'inspection', on: day(-1), passed: true, expiresOn: day(-1), ...firm }, 'expiry_not_after_inspection'],
      [notified, { step: 'inspection', on: day(-1), passed: true, expiresOn: day(9) }, 'enterprise_required'],
      [notified, { step: 'dismantled', on: day(-1), ...firm }, 'wrong_stage'],
      [inUse(), { step: 'use_registration', on: day(-1), documentNo: 'X', ...firm }, 'wrong_stage'],
    ]
    for (const [state, input, reason] of cases) expect(refusalOf(state, input, TODAY), `${input.step} → ${reason}`).toBe(reason)
  })

  it('flags a crane in use past its inspection and overdue for maintenance', () => {
    const used = inUse()
    expect(installationFlags(used.installation, TODAY)).toEqual([])
    expect(installationFlags(used.installation, day(45))).toEqual(['inspection_due_soon', 'maintenance_overdue'])
    expect(installationFlags(used.installation, day(61))).toEqual(['inspection_invalid_in_use', 'maintenance_overdue'])
    expect(installationFlags(run([{ step: 'dismantle_notice', on: day(-1), ...firm }], used).installation, day(61))).toEqual([])
  })

  it('never reaches an invalid state, whatever the sequence of steps', () => {
    const input = fc.record({
      step: fc.constantFrom(...CRANE_STEPS), gap: fc.integer({ min: -5, max: 60 }), siteId: fc.option(fc.integer({ min: 1, max: 3 })),
      enterpriseId: fc.option(fc.integer({ min: 1, max: 5 })), passed: fc.option(fc.boolean()), validity: fc.option(fc.integer({ min: -10, max: 400 })),
      documentNo: fc.option(fc.constantFrom('', '苏E-0001')),
    })
    fc.assert(fc.property(fc.array(input, { maxLength: 40 }), (inputs) => {
      let state = UNFILED
      let offset = -2_000
      for (const i of inputs) {
        offset = Math.min(0, offset + i.gap)
        const on = day(offset)
        const step: StepInput = { ...i, on, expiresOn: i.validity === null ? null : day(offset + i.validity) }
        const outcome = applyStep(state, step, TODAY)
        expect(outcome.ok).toBe(refusalOf(state, step, TODAY) === null)
        if (!outcome.ok) continue
        expect(nextSteps(state)).toContain(step.step)
        const before = state
        state = outcome.state
        // Dates never go backwards; a machine stands on one site at a time; use needs a valid inspection that day.
        expect(state.lastStepOn! >= (before.lastStepOn ?? '')).toBe(true)
        if (step.step === 'install_notice') expect(before.installation).toBeNull()
        if (step.step === 'use_registration') expect(inspectionValidOn(state.installation!.inspection, on)).toBe(true)
        if (state.installation?.stage === 'inspected') expect(state.installation.inspection?.passed).toBe(true)
        if (state.installation?.stage === 'in_use') expect(state.installation.inUseSince).not.toBeNull()
      }
    }), { numRuns: 500 })
  })
})
