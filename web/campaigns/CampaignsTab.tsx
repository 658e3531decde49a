import type { CampaignsTabProps } from './CampaignsScreen.tsx'
import { CampaignForm } from './campaign-form.tsx'
import { CampaignList } from './campaign-list.tsx'
import { CampaignPage } from './campaign-page.tsx'

/**
 * 专项行动: `/campaigns/campaigns` lists them, `/campaigns/campaigns/:id` is one with its progress (table, map, file);
 * the admin and district stations create them (`new`).
 */
export function CampaignsTab({ api, user, role, rest }: CampaignsTabProps) {
  const mayCreate = role === 'admin' || role === 'district_supervisor'
  if (mayCreate && rest === 'new') return <CampaignForm api={api} role={role} districtId={user.districtId ?? null} />
  const id = /^[1-9][0-9]{0,8}$/.test(rest) ? Number(rest) : null
  if (id !== null) return <CampaignPage api={api} campaignId={id} role={role} districtId={user.districtId ?? null} />
  return <CampaignList api={api} mayCreate={mayCreate} />
}
