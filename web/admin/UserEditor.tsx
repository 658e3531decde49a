import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../server/domain/password-policy.ts'
import { ROLES, type Role } from '../../server/domain/roles.ts'
import { PasswordError } from '../account/PasswordError.tsx'
import { type ApiClient, unwrap } from '../api.ts'
import { usePatrolContracts } from '../campaigns/patrol-contracts.tsx'

type AdminUser = InferResponseType<ApiClient['api']['admin']['users']['$get'], 200>[number]

/** Creates an account, or changes one: role, district, grids (by code), active, password. */
export function UserEditor({ api, user, onDone }: { api: ApiClient; user: AdminUser | null; onDone(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const districts = useQuery({ queryKey: ['layer-districts'], queryFn: () => unwrap(api.api.layers.districts.$get()) })
  const grids = useQuery({ queryKey: ['layer-grids'], queryFn: () => unwrap(api.api.layers.grids.$get()) })
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState(user?.displayName ?? '')
  const [role, setRole] = useState<Role>((user?.role as Role) ?? 'grid_supervisor')
  const [districtId, setDistrictId] = useState<number | null>(user?.districtId ?? null)
  const [patrolContractId, setPatrolContractId] = useState<number | null>(user?.patrolContractId ?? null)
  const contracts = usePatrolContracts(api)
  const [gridCodes, setGridCodes] = useState(user?.grids.map((g) => g.code).join(', ') ?? '')
  const [active, setActive] = useState(user?.active ?? true)
  const [password, setPassword] = useState('')
  const save = useMutation({
    mutationFn: async () => {
      const fields = { displayName, role, districtId, patrolContractId: role === 'patrol' ? patrolContractId : null }
      const id = user
        ? (await unwrap(api.api.admin.users[':id'].$patch({ param: { id: String(user.id) }, json: { ...fields, active } }))).id
        : (await unwrap(api.api.admin.users.$post({ json: { ...fields, username, password } }))).id
      if (role === 'grid_supervisor') {
        const byCode = new Map((grids.data?.features ?? []).map((f) => [String(f.properties.code), f.id]))
        const codes = gridCodes.split(/[,，\s]+/).filter(Boolean)
        const unknown = codes.filter((c) => !byCode.has(c))
        if (unknown.length) throw new Error(t('admin.unknownGrids', { codes: unknown.join(', ') }))
        await unwrap(api.api.admin.users[':id'].grids.$put({ param: { id: String(id) }, json: { gridIds: codes.map((c) => byCode.get(c)!) } }))
      }
      if (user && password) await unwrap(api.api.admin.users[':id'].password.$post({ param: { id: String(id) }, json: { password } }))
    },
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['admin-users'] }); onDone() },
  })
  return (
    <form className="record-form user-editor" data-testid="user-editor" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h2>{user ? user.username : t('admin.newUser')}</h2>
      {!user && <label>{t('admin.username')}<input value={username} onChange={(e) => setUsername(e.target.value)} required pattern="[a-z0-9_.\-]{3,40}" /></label>}
      <label>{t('admin.name')}<input value={displayName} maxLength={60} onChange={(e) => setDisplayName(e.target.value)} required /></label>
      <label>{t('admin.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}</select>
      </label>
      <label>{t('admin.district')}
        <select value={districtId ?? ''} onChange={(e) => setDistrictId(e.target.value ? Number(e.target.value) : null)}>
          <option value="">–</option>
          {(districts.data?.features ?? []).map((d) => <option key={d.id} value={d.id}>{String(d.properties.name)}</option>)}
        </select>
      </label>
      {role === 'patrol' && (
        <label>{t('patrol.accountContract')}
          <select value={patrolContractId ?? ''} required onChange={(e) => setPatrolContractId(e.target.value ? Number(e.target.value) : null)} data-testid="user-patrol-contract">
            <option value="">–</option>
            {(contracts.data ?? []).map((c) => <option key={c.id} value={c.id}>{c.contractNo} · {c.firmName}</option>)}
          </select>
        </label>
      )}
      {role === 'grid_supervisor' && <label>{t('admin.grids')}<input value={gridCodes} onChange={(e) => setGridCodes(e.target.value)} placeholder="320508-001-01, …" /></label>}
      {user && <label className="check"><input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{t('admin.active')}</label>}
      <label>{user ? t('admin.newPassword') : t('admin.password')}
        <input type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={MAX_PASSWORD_LENGTH} value={password}
          onChange={(e) => setPassword(e.target.value)} required={!user} />
        <small>{t('account.password.rule')}</small>
      </label>
      <PasswordError error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>{t('admin.save')}</button>
        <button type="button" onClick={onDone}>{t('close')}</button>
      </div>
    </form>
  )
}
