import { useMutation } from '@tanstack/react-query'
import { type InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PARTY_KINDS, type PartyKind, type Penalty, PENALTIES_FOR, penaltyProblem } from '../../server/domain/accountability.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'

type Accident = InferResponseType<ApiClient['api']['accountability']['accidents'][':id']['$get'], 200>

/** The office writes the investigation and closes it on a day (the server keeps the day between the accident and today). */
export function InvestigationForm({ api, accident, onSaved }: { api: ApiClient; accident: Accident; onSaved: (a: Accident) => void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(accident.investigation)
  const [closedOn, setClosedOn] = useState(accident.investigationClosedOn ?? '')
  const save = useMutation({
    mutationFn: () => unwrap(api.api.accountability.accidents[':id'].investigation.$put({ param: { id: String(accident.id) }, json: { investigation: text.trim(), closedOn: closedOn || null } })),
    onSuccess: onSaved,
  })
  return (
    <form className="record-form" data-testid="investigation-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('accountability.accident.saveInvestigation')}</h3>
      <label>{t('accountability.accident.investigation')}<textarea name="investigation" value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} rows={4} /></label>
      <label>{t('accountability.accident.closedOn')}<input name="closedOn" type="date" value={closedOn} onChange={(e) => setClosedOn(e.target.value)} /></label>
      <button type="submit" disabled={save.isPending}>{t('accountability.accident.saveInvestigation')}</button>
      <FormError error={save.error} />
    </form>
  )
}

/** A penalty to a firm, a person or an official; the penalty list follows the party, as the server's rule does. */
export function PenaltyForm({ api, accidentId, onSaved }: { api: ApiClient; accidentId: number; onSaved: (a: Accident) => void }) {
  const { t } = useTranslation()
  const blank = { partyKind: 'enterprise' as PartyKind, linkedId: '', partyName: '', partyRole: '', penalty: 'fine' as Penalty, amount: '', top: false, decidedOn: beijingDay(new Date()), documentNo: '' }
  const [form, setForm] = useState(blank)
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const amountYuan = form.penalty === 'fine' && form.amount ? Number(form.amount) : null
  const problem = penaltyProblem({ partyKind: form.partyKind, penalty: form.penalty, amountYuan, topOfRange: form.top })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.accountability.accidents[':id'].penalties.$post({ param: { id: String(accidentId) }, json: {
      partyKind: form.partyKind, partyName: form.partyName.trim() || undefined, partyRole: form.partyRole.trim(), penalty: form.penalty, amountYuan,
      topOfRange: form.top, decidedOn: form.decidedOn, documentNo: form.documentNo.trim(),
      enterpriseId: form.partyKind === 'enterprise' && form.linkedId ? Number(form.linkedId) : null,
      personId: form.partyKind === 'person' && form.linkedId ? Number(form.linkedId) : null,
    } })),
    onSuccess: (updated) => { setForm(blank); onSaved(updated) },
  })
  return (
    <form className="record-form" data-testid="penalty-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('accountability.accident.penalty.add')}</h3>
      <label>{t('accountability.accident.penalty.partyKind')}
        <select name="partyKind" value={form.partyKind} onChange={(e) => {
          const partyKind = e.target.value as PartyKind
          setForm({ ...form, partyKind, linkedId: '', penalty: PENALTIES_FOR[partyKind][0] })
        }}>
          {PARTY_KINDS.map((k) => <option key={k} value={k}>{t(`accountability.accident.partyKind.${k}`)}</option>)}
        </select>
      </label>
      {form.partyKind !== 'official' && <label>{t(`accountability.accident.penalty.${form.partyKind === 'enterprise' ? 'enterpriseId' : 'personId'}`)}
        <input name="linkedId" type="number" min={1} value={form.linkedId} onChange={set('linkedId')} /></label>}
      <label>{t('accountability.accident.penalty.partyName')}<input name="partyName" value={form.partyName} onChange={set('partyName')} maxLength={200} required={!form.linkedId} /></label>
      <label>{t('accountability.accident.penalty.partyRole')}<input name="partyRole" value={form.partyRole} onChange={set('partyRole')} required maxLength={50} /></label>
      <label>{t('accountability.accident.penalty.penalty')}
        <select name="penalty" value={form.penalty} onChange={set('penalty')}>
          {PENALTIES_FOR[form.partyKind].map((p) => <option key={p} value={p}>{t(`accountability.accident.penaltyKind.${p}`)}</option>)}
        </select>
      </label>
      {form.penalty === 'fine' && <label>{t('accountability.accident.penalty.amount')}<input name="amount" type="number" min={1} value={form.amount} onChange={set('amount')} required /></label>}
      <label className="check"><input type="checkbox" name="top" checked={form.top} onChange={(e) => setForm({ ...form, top: e.target.checked })} /> {t('accountability.accident.penalty.top')}</label>
      <label>{t('accountability.accident.penalty.decidedOn')}<input name="decidedOn" type="date" value={form.decidedOn} onChange={set('decidedOn')} required /></label>
      <label>{t('accountability.accident.penalty.documentNo')}<input name="documentNo" value={form.documentNo} onChange={set('documentNo')} maxLength={100} /></label>
      {problem && problem !== 'fine_needs_amount' && <p className="form-error" data-testid="penalty-problem">{t(`accountability.accident.problem.${problem}`)}</p>}
      <button type="submit" disabled={save.isPending || problem !== null}>{t('accountability.accident.penalty.add')}</button>
      <FormError error={save.error} />
    </form>
  )
}
