import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { CERTIFICATE_KINDS, type CertificateKind } from '../../server/domain/certification.ts'
import { idNumberProblem, normalizeIdNumber } from '../../server/domain/id-number.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { navigate } from '../ui/router.ts'

/*
 * The admin's forms of the people registry. The ID number is checked as the server checks it (GB 11643) while
 * typing; whatever the server still refuses (a duplicate, an unknown employer) is shown as it says.
 */

export function NewPersonForm({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [form, setForm] = useState({ idNumber: '', name: '', employerId: '', phone: '' })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: e.target.value })
  const problem = form.idNumber.trim() ? idNumberProblem(normalizeIdNumber(form.idNumber)) : null
  const save = useMutation({
    mutationFn: () => unwrap(api.api.people.$post({ json: { idNumber: form.idNumber, name: form.name.trim(),
      employerId: form.employerId ? Number(form.employerId) : null, phone: form.phone.trim() || null } })),
    onSuccess: (person) => navigate(`/registry/people/${person.id}`),
  })
  return (
    <form className="record-form" data-testid="new-person" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{t('people.form.newPerson')}</h3>
      <label>{t('people.form.idNumber')}<input name="idNumber" value={form.idNumber} onChange={set('idNumber')} required maxLength={18} aria-invalid={problem !== null} /></label>
      {problem && <p className="form-error" data-testid="id-problem">{t(`people.idProblem.${problem}`)}</p>}
      <label>{t('people.form.name')}<input name="name" value={form.name} onChange={set('name')} required minLength={2} maxLength={50} /></label>
      <label>{t('people.form.employerId')}<input name="employerId" type="number" min={1} value={form.employerId} onChange={set('employerId')} /></label>
      <label>{t('people.form.phone')}<input name="phone" value={form.phone} onChange={set('phone')} maxLength={20} /></label>
      <button type="submit" disabled={save.isPending}>{t('people.form.save')}</button>
      <FormError error={save.error} />
    </form>
  )
}

interface Renewed { id: number; kind: string; specialty: string }

/** A new certificate, or the renewal of `renews` (same kind and specialty, the old one kept as history). */
export function CertificateForm({ api, personId, renews, onDone }: { api: ApiClient; personId: number; renews: Renewed | null; onDone: () => void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const today = beijingDay(new Date())
  const [form, setForm] = useState({ kind: (renews?.kind ?? 'safety_c') as CertificateKind, specialty: renews?.specialty ?? '', number: '', issuer: '', issuedOn: today, expiresOn: '' })
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setForm({ ...form, [field]: e.target.value })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.people[':id'].certificates.$post({ param: { id: String(personId) }, json: { ...form, replacesId: renews?.id ?? null } })),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['person', personId] }); onDone() },
  })
  return (
    <form className="record-form" data-testid="certificate-form" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h3>{renews ? `${t('people.form.renew')} #${renews.id}` : t('people.form.newCertificate')}</h3>
      <label>{t('people.form.kind')}
        <select name="kind" value={form.kind} onChange={set('kind')} disabled={renews !== null}>
          {CERTIFICATE_KINDS.map((k) => <option key={k} value={k}>{t(`people.kind.${k}`)}</option>)}
        </select>
      </label>
      <label>{t('people.cert.specialty')}<input name="specialty" value={form.specialty} onChange={set('specialty')} readOnly={renews !== null} maxLength={60} /></label>
      <label>{t('people.cert.number')}<input name="number" value={form.number} onChange={set('number')} required minLength={4} maxLength={60} /></label>
      <label>{t('people.cert.issuer')}<input name="issuer" value={form.issuer} onChange={set('issuer')} required minLength={2} maxLength={100} /></label>
      <label>{t('people.cert.issued')}<input name="issuedOn" type="date" value={form.issuedOn} onChange={set('issuedOn')} required /></label>
      <label>{t('people.cert.expires')}<input name="expiresOn" type="date" value={form.expiresOn} onChange={set('expiresOn')} required /></label>
      <button type="submit" disabled={save.isPending}>{t('people.form.save')}</button>
      <FormError error={save.error} />
    </form>
  )
}

export function RevokeForm({ api, personId, certificateId }: { api: ApiClient; personId: number; certificateId: number }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [on, setOn] = useState(beijingDay(new Date()))
  const revoke = useMutation({
    mutationFn: () => unwrap(api.api.people[':id'].certificates[':certId'].revoke.$post({ param: { id: String(personId), certId: String(certificateId) }, json: { on } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['person', personId] }),
  })
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); revoke.mutate() }}>
      <label>{t('people.form.revokeOn')}<input type="date" value={on} onChange={(e) => setOn(e.target.value)} required /></label>
      <button type="submit" className="danger" disabled={revoke.isPending}>{t('people.form.revoke')}</button>
      <FormError error={revoke.error} />
    </form>
  )
}
