import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { canSupervise } from '../../server/domain/roles.ts'
import type { ApiClient } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import type { CampaignsTabProps } from './CampaignsScreen.tsx'
import { ContractsTable, NewContractForm, type PatrolContract, usePatrolContracts } from './patrol-contracts.tsx'
import { FindingsReview } from './patrol-findings.tsx'
import { PatrolReportForm } from './patrol-report.tsx'
import { AssignForm, type PatrolTask, TasksTable, usePatrolTasks } from './patrol-tasks.tsx'

/**
 * 第三方巡查. The office sees the contracts with the firm's performance; the buying station assigns tasks and,
 * with the grid supervisors, confirms or rejects the findings. A patrol account sees its own tasks, reports on
 * them, and its history with each finding's outcome.
 */
export function PatrolTab({ api, user, role }: CampaignsTabProps) {
  return role === 'patrol' ? <MyPatrol api={api} /> : <OfficePatrol api={api} role={role} districtId={user.districtId} />
}

function OfficePatrol({ api, role, districtId }: { api: ApiClient; role: CampaignsTabProps['role']; districtId: number | null }) {
  const { t } = useTranslation()
  const readsContracts = ['admin', 'city_command', 'district_supervisor'].includes(role)
  const contracts = usePatrolContracts(api)
  const [picked, setPicked] = useState<number | null>(null)
  const [creating, setCreating] = useState(false)
  const list = readsContracts ? contracts.data ?? [] : []
  const contract = list.find((c) => c.id === picked) ?? list[0]
  const assigns = contract && (role === 'admin' || (role === 'district_supervisor' && contract.districtId === districtId))
  return (
    <div className="patrol-office" data-testid="patrol-office">
      {readsContracts && (
        <section>
          <h2>{t('patrol.contracts')}</h2>
          {list.length > 0 ? <ContractsTable contracts={list} selectedId={contract?.id ?? null} onSelect={setPicked} /> : <p className="muted">{t('patrol.none')}</p>}
          {role === 'admin' && (creating ? <NewContractForm api={api} onDone={() => setCreating(false)} />
            : <button type="button" onClick={() => setCreating(true)} data-testid="patrol-new-contract">{t('patrol.newContract')}</button>)}
        </section>
      )}
      {contract && assigns && <AssignForm key={contract.id} api={api} contract={contract} />}
      {contract && <FindingsReview api={api} contractId={contract.id} canReview={canSupervise(role)} />}
      {contract && <ContractTasks api={api} contract={contract} canCancel={Boolean(assigns)} />}
      {!readsContracts && <FindingsForZone api={api} canReview={canSupervise(role)} />}
    </div>
  )
}

function ContractTasks({ api, contract, canCancel }: { api: ApiClient; contract: PatrolContract; canCancel: boolean }) {
  const { t } = useTranslation()
  const tasks = usePatrolTasks(api, { contractId: String(contract.id) })
  return (
    <section>
      <h3>{t('patrol.tasks')} <ExportButtons fileName={`patrol-${contract.contractNo}`}
        request={(format) => api.api.patrol.tasks.export.$get({ query: { format, contractId: String(contract.id) } })} /></h3>
      <TasksTable api={api} tasks={tasks.data ?? []} canCancel={canCancel} linkSites />
    </section>
  )
}

/** Grid supervisors and planners read no contracts: they get the findings on their sites, whichever contract brought them. */
function FindingsForZone({ api, canReview }: { api: ApiClient; canReview: boolean }) {
  const tasks = usePatrolTasks(api, { status: 'reported' })
  const contractIds = [...new Set((tasks.data ?? []).map((t) => t.contractId))]
  return <>{contractIds.map((id) => <FindingsReview key={id} api={api} contractId={id} canReview={canReview} />)}</>
}

function MyPatrol({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const contracts = usePatrolContracts(api)
  const open = usePatrolTasks(api, { status: 'assigned' })
  const done = usePatrolTasks(api, { status: 'reported' })
  const [reporting, setReporting] = useState<PatrolTask | null>(null)
  const contract = contracts.data?.[0]
  return (
    <div className="patrol-mine" data-testid="patrol-mine">
      <h2>{t('patrol.my.title')}</h2>
      {contract && (
        <>
          <p>{t('patrol.my.contract', { no: contract.contractNo, firm: contract.firmName })} · {contract.startsOn} ~ {contract.endsOn}</p>
          <ContractsTable contracts={[contract]} selectedId={null} />
        </>
      )}
      {reporting ? <PatrolReportForm api={api} task={reporting} onDone={() => setReporting(null)} /> : (
        <section>
          <h3>{t('patrol.my.open')}</h3>
          {(open.data ?? []).length === 0 ? <p className="muted">{t('patrol.my.noOpen')}</p>
            : <TasksTable api={api} tasks={open.data ?? []} canCancel={false} linkSites={false} onReport={setReporting} />}
        </section>
      )}
      <section>
        <h3>{t('patrol.my.history')}</h3>
        <TasksTable api={api} tasks={done.data ?? []} canCancel={false} linkSites={false} />
      </section>
    </div>
  )
}
