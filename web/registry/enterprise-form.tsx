import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type CreditCodeProblem, creditCodeProblem } from '../../server/domain/credit-code.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'
import { ENTERPRISE_KINDS, type EnterpriseDetail, type EnterpriseInput, type EnterpriseKind } from './enterprise-types.ts'

type Draft = Omit<EnterpriseInput, 'enteredOn' | 'legalRepresentative' | 'contactName' | 'contactPhone' | 'address'> &
  Record<'enteredOn' | 'legalRepresentative' | 'contactName' | 'contactPhone' | 'address', string>
const TEXT_FIELDS = ['name', 'registeredPlace', 'legalRepresentative', 'contactName', 'contactPhone', 'address'] as const

const draftOf = (e?: EnterpriseDetail): Draft => ({
  creditCode: e?.creditCode ?? '', name: e?.name ?? '', kinds: e?.kinds ?? [], origin: e?.origin ?? 'local', registeredPlace: e?.registeredPlace ?? '',
  enteredOn: e?.enteredOn ?? '', legalRepresentative: e?.legalRepresentative ?? '', contactName: e?.contactName ?? '',
  contactPhone: e?.contactPhone ?? '', address: e?.address ?? '',
})

/** Register a firm, or (with `editing`) change one; the credit code is checked as it is typed, naming the check character. */
export function EnterpriseForm({ api, editing }: { api: ApiClient; editing?: EnterpriseDetail }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(!editing)
  const [draft, setDraft] = useState<Draft>(() => draftOf(editing))
  const code = draft.creditCode.trim().toUpperCase()
  const problem = code ? creditCodeProblem(code) : null
  const body = {
    ...draft, creditCode: code, enteredOn: draft.origin === 'out_of_province' && draft.enteredOn ? draft.enteredOn : null,
    legalRepresentative: draft.legalRepresentative || null, contactName: draft.contactName || null, contactPhone: draft.contactPhone || null, address: draft.address || null,
  }
  const save = useMutation({
    mutationFn: () => (editing
      ? unwrap(api.api.enterprises[':id'].$patch({ param: { id: String(editing.id) }, json: body }))
      : unwrap(api.api.enterprises.$post({ json: body }))),
    onSuccess: (saved) => {
      queryClient.setQueryData(['enterprise', saved.id], saved)
      void queryClient.invalidateQueries({ queryKey: ['enterprises'] })
      if (editing) setOpen(false)
      else navigate(`/registry/enterprises/${saved.id}`)
    },
  })
  if (!open) return <button type="button" onClick={() => setOpen(true)} data-testid="enterprise-edit">{t('enterprises.form.edit')}</button>
  const toggleKind = (kind: EnterpriseKind) =>
    setDraft({ ...draft, kinds: draft.kinds.includes(kind) ? draft.kinds.filter((k) => k !== kind) : [...draft.kinds, kind] })
  return (
    <form className="enterprise-form" data-testid="enterprise-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      {!editing && <h2>{t('enterprises.form.create')}</h2>}
      <label>{t('enterprises.form.creditCode')}
        <input required value={draft.creditCode} maxLength={18} aria-invalid={problem !== null} data-testid="enterprise-credit-code"
          onChange={(e) => setDraft({ ...draft, creditCode: e.target.value })} />
      </label>
      {problem && <p className="form-error" role="alert" data-testid="credit-code-error">{describe(t, problem)}</p>}
      {TEXT_FIELDS.map((field) => (
        <label key={field}>{t(`enterprises.form.${field}`)}
          <input required={field === 'name' || field === 'registeredPlace'} value={draft[field]} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
        </label>
      ))}
      <fieldset>
        <legend>{t('enterprises.form.kinds')}</legend>
        {ENTERPRISE_KINDS.map((k) => (
          <label key={k} className="check"><input type="checkbox" checked={draft.kinds.includes(k)} onChange={() => toggleKind(k)} /> {t(`enterprises.kind.${k}`)}</label>
        ))}
      </fieldset>
      <label>{t('enterprises.form.origin')}
        <select value={draft.origin} onChange={(e) => setDraft({ ...draft, origin: e.target.value as Draft['origin'] })}>
          <option value="local">{t('enterprises.origin.local')}</option>
          <option value="out_of_province">{t('enterprises.origin.out_of_province')}</option>
        </select>
      </label>
      {draft.origin === 'out_of_province' && (
        <label>{t('enterprises.form.enteredOn')}<input type="date" value={draft.enteredOn} onChange={(e) => setDraft({ ...draft, enteredOn: e.target.value })} /></label>
      )}
      {save.error && <p className="form-error" role="alert">{(save.error as Error).message}</p>}
      <button type="submit" className="primary" disabled={problem !== null || draft.kinds.length === 0 || save.isPending}>{t('enterprises.form.save')}</button>
      {editing && <button type="button" onClick={() => { setDraft(draftOf(editing)); setOpen(false) }}>{t('enterprises.form.cancel')}</button>}
    </form>
  )
}

function describe(t: (key: string, values?: Record<string, unknown>) => string, problem: CreditCodeProblem): string {
  if (problem.kind === 'check') return t('enterprises.form.checkChar', { expected: problem.expected })
  if (problem.kind === 'length') return t('enterprises.form.badLength', { length: problem.length })
  return t('enterprises.form.badChar', { position: problem.position, char: problem.char })
}
