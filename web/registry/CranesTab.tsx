import { useTranslation } from 'react-i18next'
import { canSupervise } from '../../server/domain/roles.ts'
import { navigate } from '../ui/router.ts'
import { FileMachineForm } from './crane-file-form.tsx'
import { MachinesList } from './crane-list.tsx'
import { MachineFacts, MachineInstallations, MachineTimeline, useMachine } from './crane-machine.tsx'
import { CraneStepForm } from './crane-step-form.tsx'
import type { RegistryTabProps } from './RegistryScreen.tsx'

/**
 * 建筑起重机械: `/registry/cranes` lists the zone's machines (the admin files new ones there), `/registry/cranes/<id>`
 * is one machine's life across sites, with the form for its next step for those who supervise.
 */
export function CranesTab({ api, role, rest }: RegistryTabProps) {
  const id = /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : null
  if (id !== null) return <MachineScreen api={api} role={role} id={id} />
  return (
    <div className="cranes-tab">
      {role === 'admin' && <FileMachineForm api={api} />}
      <MachinesList api={api} />
    </div>
  )
}

function MachineScreen({ api, role, id }: Pick<RegistryTabProps, 'api' | 'role'> & { id: number }) {
  const { t } = useTranslation()
  const machine = useMachine(api, id)
  const back = (e: React.MouseEvent) => { e.preventDefault(); navigate('/registry/cranes') }
  return (
    <div className="cranes-tab">
      <a href="/registry/cranes" onClick={back}>{t('cranes.back')}</a>
      {machine.error && <p role="alert" className="form-error">{(machine.error as Error).message}</p>}
      {machine.data && (
        <>
          <MachineFacts machine={machine.data} />
          {canSupervise(role) && <CraneStepForm api={api} machine={machine.data} />}
          <MachineTimeline machine={machine.data} />
          <MachineInstallations machine={machine.data} />
        </>
      )}
    </div>
  )
}
