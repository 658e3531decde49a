import type { InferRequestType, InferResponseType } from 'hono/client'
import type { ApiClient } from '../api.ts'

/** The enterprise API's shapes, as the typed client sees them. */
export type EnterpriseDetail = InferResponseType<ApiClient['api']['enterprises'][':id']['$get'], 200>
export type EnterpriseRow = InferResponseType<ApiClient['api']['enterprises']['$get'], 200>['enterprises'][number]
export type EnterpriseInput = InferRequestType<ApiClient['api']['enterprises']['$post']>['json']
export type EnterpriseKind = EnterpriseRow['kinds'][number]
export const ENTERPRISE_KINDS: EnterpriseKind[] = ['owner', 'surveyor', 'designer', 'contractor', 'supervisor', 'crane_owner', 'crane_installer', 'crane_maintainer', 'testing']

/** Opens a page of the app without reloading it, as a link. */
export function linkTo(path: string, navigate: (path: string) => void) {
  return { href: path, onClick: (e: React.MouseEvent) => { e.preventDefault(); navigate(path) } }
}
