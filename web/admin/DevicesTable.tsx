import { useTranslation } from 'react-i18next'
import { beijingMinute } from '../ui/beijing-time.ts'
import type { AdminDevice } from './DeviceEditor.tsx'

/** Health a supervisor should look at: red for silent, amber for late, grey for what is not expected to report. */
/** The device's own data time arrives as UTC ISO; shifted by eight hours, its UTC wall clock is Beijing's. */
const beijingOfUtc = (iso: string) => beijingMinute(new Date(Date.parse(iso) + 8 * 3_600_000).toISOString())

const HEALTH_CLASS: Record<AdminDevice['health'], string> = { online: '', late: 'late', silent: 'warn', never: 'muted', maintenance: 'muted', decommissioned: 'muted' }

/** The registry page: one row per device, newest report and values, the selected one highlighted. */
export function DevicesTable({ devices, selected, onSelect }: { devices: AdminDevice[]; selected: number | null; onSelect(id: number): void }) {
  const { t } = useTranslation()
  return (
    <table className="grid-table" data-testid="devices">
      <thead>
        <tr>
          <th>{t('deviceAdmin.code')}</th><th>{t('deviceAdmin.kind')}</th><th>{t('deviceAdmin.site')}</th><th>{t('deviceAdmin.identity')}</th>
          <th>{t('deviceAdmin.health')}</th><th>{t('deviceAdmin.lastSeen')}</th><th>{t('deviceAdmin.lastValues')}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id} onClick={() => onSelect(d.id)} className={selected === d.id ? 'selected' : ''} data-testid={`device-row-${d.code}`}>
            <td className="nowrap">{d.code}</td><td className="nowrap">{t(`liveDevices.kind.${d.kind}`)}</td><td>{d.siteName}</td>
            <td><code>{d.identity}</code> <small className="muted">{t(`deviceAdmin.protocols.${d.protocol}`)}</small></td>
            <td className={`nowrap ${HEALTH_CLASS[d.health]}`}>{t(`liveDevices.health.${d.health}`)}</td>
            <td className="nowrap">{d.lastSeenAt ? beijingMinute(d.lastSeenAt) : '–'}</td>
            <td><ValuesSummary device={d} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A device's last values in a line: the numbers with their labels, a camera's picture state, any non-normal flag. */
export function ValuesSummary({ device }: { device: AdminDevice }) {
  const { t } = useTranslation()
  const values = device.lastValues ?? {}
  const parts = Object.entries(values).flatMap(([key, value]) => {
    if (typeof value === 'number') return [`${t(`liveDevices.factor.${key}`, { defaultValue: key })} ${value}`]
    if (key === 'online' && typeof value === 'boolean') return [t(value ? 'liveDevices.cameraOnline' : 'liveDevices.cameraOffline')]
    if (key.startsWith('alarm_') && value === true) return [`⚠ ${t(`liveDevices.alarm.${key.slice(6)}`, { defaultValue: key })}`]
    return []
  })
  const flags = Object.entries(device.lastFlags ?? {}).filter(([, flag]) => flag !== 'N')
    .map(([key, flag]) => `${t(`liveDevices.factor.${key}`, { defaultValue: key })}：${t(`liveDevices.flag.${flag}`, { defaultValue: flag })}`)
  if (parts.length === 0) return <span className="muted">–</span>
  return (
    <span className="device-values">
      {parts.slice(0, 6).join(' · ')}
      {flags.length > 0 && <small className="warn"> （{flags.join('，')}）</small>}
      {device.lastDataTime && <small className="muted"> @ {beijingOfUtc(device.lastDataTime)}</small>}
    </span>
  )
}
