import type { RegistryTabProps } from './RegistryScreen.tsx'
import { EnterpriseForm } from './enterprise-form.tsx'
import { EnterpriseList } from './enterprise-list.tsx'
import { EnterprisePage } from './enterprise-page.tsx'
import { UnmatchedNames } from './enterprise-unmatched.tsx'

/**
 * 企业库: `/registry/enterprises` lists and searches, `/registry/enterprises/:id` is a firm's page; admins also
 * register firms (`new`) and resolve party names the registry does not know (`unmatched`).
 */
export function EnterprisesTab({ api, role, rest }: RegistryTabProps) {
  const isAdmin = role === 'admin'
  if (isAdmin && rest === 'new') return <EnterpriseForm api={api} />
  if (isAdmin && rest === 'unmatched') return <UnmatchedNames api={api} />
  const id = /^[1-9][0-9]{0,8}$/.test(rest) ? Number(rest) : null
  if (id !== null) return <EnterprisePage api={api} enterpriseId={id} isAdmin={isAdmin} />
  return <EnterpriseList api={api} isAdmin={isAdmin} />
}
