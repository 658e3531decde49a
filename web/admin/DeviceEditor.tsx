import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEVICE_STATUSES, type DeviceStatus } from '../../server/domain/device-readings.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { FormError } from '../ui/FormError.tsx'
import { SecretOnce } from './SecretOnce.tsx'
import { ValuesSummary } from './DevicesTable.tsx'

export type AdminDevice = InferResponseType<ApiClient['api']['devices']['$get'], 200>['devices'][number]

/** One device: its status (maintenance pauses alarms, decommissioned refuses its data) and interval, and a new secret. */
export function DeviceEditor({ api, device, onDone }: { api: ApiClient; device: AdminDevice; onDone(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<DeviceStatus>(device.status)
  const [intervalS, setIntervalS] = useState(device.intervalS)
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin-devices'] })
  const save = useMutation({
    mutationFn: () => unwrap(api.api.devices[':id'].$patch({ param: { id: String(device.id) }, json: {
      ...(status !== device.status ? { status } : {}), ...(intervalS !== device.intervalS ? { intervalS } : {}),
    } })),
    onSuccess: refresh,
  })
  const rotate = useMutation({
    mutationFn: () => unwrap(api.api.devices[':id'].secret.$post({ param: { id: String(device.id) } })),
  })
  // The new secret lives only in this mutation's result, which dismissing resets: no query cache ever holds it.
  const secret = rotate.data?.secret
  const changed = status !== device.status || intervalS !== device.intervalS
  return (
    <form className="record-form user-editor" data-testid="device-editor" onSubmit={(e) => { e.preventDefault(); save.mutate() }}>
      <h2>{device.code}</h2>
      <p className="muted">
        {t(`liveDevices.kind.${device.kind}`)} · {device.siteName}<br />
        {t(`deviceAdmin.protocols.${device.protocol}`)} · <code>{device.identity}</code><br />
        {t(`liveDevices.health.${device.health}`)} · {device.lastSeenAt ? t('liveDevices.lastSeen', { at: beijingMinute(device.lastSeenAt) }) : t('liveDevices.neverSeen')}
      </p>
      <ValuesSummary device={device} />
      <label>{t('deviceAdmin.status')}
        <select value={status} onChange={(e) => setStatus(e.target.value as DeviceStatus)} data-testid="device-status">
          {DEVICE_STATUSES.map((s) => <option key={s} value={s}>{t(`deviceAdmin.statuses.${s}`)}</option>)}
        </select>
      </label>
      <label>{t('deviceAdmin.interval')}
        <input type="number" min={5} max={86400} step={1} value={intervalS} onChange={(e) => setIntervalS(Number(e.target.value))} required data-testid="device-interval" />
      </label>
      <FormError error={save.error ?? rotate.error} />
      {save.isSuccess && !changed && <p className="notice">{t('deviceAdmin.saved')}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={!changed || save.isPending} data-testid="device-save">{t('deviceAdmin.save')}</button>
        <button type="button" disabled={rotate.isPending} data-testid="device-rotate"
          onClick={() => { if (window.confirm(t('deviceAdmin.rotateConfirm', { code: device.code }))) rotate.mutate() }}>{t('deviceAdmin.rotate')}</button>
        <button type="button" onClick={onDone}>{t('deviceAdmin.close')}</button>
      </div>
      {secret && <SecretOnce title={t('deviceAdmin.secretTitle')} secret={secret} warning={t('deviceAdmin.secretWarning')} onDismiss={() => rotate.reset()} />}
    </form>
  )
}
