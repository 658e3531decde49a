import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { DeviceKind } from '../../../server/domain/device-readings.ts'
import { type ApiClient, unwrap } from '../../api.ts'
import { beijingMinute } from '../../ui/beijing-time.ts'
import { Section } from '../../ui/Panel.tsx'
import { Sparkline } from '../../ui/Sparkline.tsx'
import { HEALTH_COLORS, rgb } from '../layers/colors.ts'

type Device = InferResponseType<ApiClient['api']['devices']['$get'], 200>['devices'][number]
type Reading = InferResponseType<ApiClient['api']['devices'][':id']['readings']['$get'], 200>['readings'][number]

/** While the panel is open: a dust monitor reports every minute, so a new value shows soon after it lands. */
const LIVE_MS = 15_000
/** A day's trend 200 px wide moves a pixel every 7 minutes: fetching it every 5 is plenty. */
const TREND_MS = 5 * 60_000
const DAY_MS = 24 * 3_600_000
/** The air first, then the cranes, then the cameras: what a supervisor reads first. */
const KIND_ORDER: Record<DeviceKind, number> = { dust_monitor: 0, crane_monitor: 1, camera: 2 }
/** The values each kind shows, in order, with their units; the trend follows the first. */
const SHOWN: Record<DeviceKind, [key: string, unit: string][]> = {
  dust_monitor: [['pm10', 'µg/m³'], ['pm25', 'µg/m³'], ['tsp', 'µg/m³'], ['noise', 'dB'], ['windSpeed', 'm/s'], ['windDirection', '°'],
    ['temperature', '°C'], ['humidity', '%']],
  crane_monitor: [['momentPct', '%'], ['loadT', 't'], ['ratedLoadT', 't'], ['windMs', 'm/s'], ['heightM', 'm'], ['slewDeg', '°']],
  camera: [],
}

/** One decimal is all a field reading carries. */
const reading = (n: number, language: string) => n.toLocaleString(language, { maximumFractionDigits: 1 })

/** The site's field devices with their health and last values, refreshed while the panel is open. */
export function SiteDevices({ api, siteId }: { api: ApiClient; siteId: number }) {
  const { t } = useTranslation()
  const list = useQuery({
    queryKey: ['site-devices', siteId],
    queryFn: () => unwrap(api.api.devices.$get({ query: { site: String(siteId), limit: '1000' } })),
    refetchInterval: LIVE_MS,
  })
  const devices = useMemo(() => [...(list.data?.devices ?? [])].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code)), [list.data])
  if (!list.data) return null
  return (
    <Section title={t('liveDevices.title', { count: list.data.total })}>
      {devices.length === 0 ? <p className="muted">{t('liveDevices.none')}</p> : (
        <ul className="records devices" data-testid="site-devices">
          {devices.map((d) => <DeviceRow key={d.id} api={api} device={d} />)}
        </ul>
      )}
    </Section>
  )
}

function DeviceRow({ api, device: d }: { api: ApiClient; device: Device }) {
  const { t, i18n } = useTranslation()
  const values = d.lastValues ?? {}
  const shown = SHOWN[d.kind].filter(([key]) => typeof values[key] === 'number')
  const alarms = Object.keys(values).filter((key) => key.startsWith('alarm_') && values[key] === true)
  return (
    <li data-testid={`device-${d.code}`}>
      <div className="device-head">
        <i style={{ background: rgb(HEALTH_COLORS[d.health]) }} />
        <span>{t(`liveDevices.kind.${d.kind}`)} {d.code}</span>
        <b data-testid="device-health">{t(`liveDevices.health.${d.health}`)}</b>
      </div>
      <small>{d.lastSeenAt ? t('liveDevices.lastSeen', { at: beijingMinute(d.lastSeenAt) }) : t('liveDevices.neverSeen')}</small>
      {shown.length > 0 && (
        <div className="device-values">
          {shown.map(([key, unit]) => {
            const flag = d.lastFlags?.[key] ?? 'N'
            return (
              <span key={key} className={flag === 'N' ? '' : 'flagged'} data-testid={`value-${key}`}>
                <em>{t(`liveDevices.factor.${key}`)}</em> {reading(values[key] as number, i18n.language)} {unit}
                {/* A value under any flag but N is not a valid measurement (HJ 212): say so beside it. */}
                {flag !== 'N' && <span className="chip amber" data-testid={`flag-${key}`}>{flag} {t(`liveDevices.flag.${flag}`, { defaultValue: '' })}</span>}
              </span>
            )
          })}
        </div>
      )}
      {(alarms.length > 0 || values.operatorVerified === false) && (
        <div className="device-values">
          {alarms.map((key) => <span key={key} className="chip red">{t(`liveDevices.alarm.${key.slice('alarm_'.length)}`, { defaultValue: key })}</span>)}
          {values.operatorVerified === false && <span className="chip amber">{t('liveDevices.operatorUnverified')}</span>}
        </div>
      )}
      {d.kind === 'camera' && typeof values.online === 'boolean' && (
        <small className={values.online ? '' : 'warn'}>{t(values.online ? 'liveDevices.cameraOnline' : 'liveDevices.cameraOffline')}</small>
      )}
      {shown.length > 0 && <Trend api={api} deviceId={d.id} factor={shown[0][0]} unit={shown[0][1]} />}
    </li>
  )
}

/**
 * A factor's readings of the last day as [time, value], from the device's densest series (a dust monitor's
 * real-time uploads, not its minute and hourly means in between), leaving out values flagged anything but N.
 */
export function trendPoints(readings: Reading[], factor: string): [number, number][] {
  const perCommand = new Map<string, number>()
  for (const r of readings) perCommand.set(r.command, (perCommand.get(r.command) ?? 0) + 1)
  const densest = [...perCommand].sort((a, b) => b[1] - a[1])[0]?.[0]
  return readings
    .filter((r) => r.command === densest && typeof r.values[factor] === 'number' && (r.flags?.[factor] ?? 'N') === 'N')
    .map((r) => [Date.parse(r.at), r.values[factor] as number])
}

function Trend({ api, deviceId, factor, unit }: { api: ApiClient; deviceId: number; factor: string; unit: string }) {
  const { t, i18n } = useTranslation()
  const readings = useQuery({
    queryKey: ['device-readings', deviceId],
    queryFn: () => unwrap(api.api.devices[':id'].readings.$get({ param: { id: String(deviceId) }, query: { hours: '24' } })),
    refetchInterval: TREND_MS,
  })
  const points = useMemo(() => trendPoints(readings.data?.readings ?? [], factor), [readings.data, factor])
  if (!readings.data) return null
  if (points.length < 2) return <small className="muted">{t('liveDevices.noTrend')}</small>
  const values = points.map(([, v]) => v)
  const range = `${t('liveDevices.trend')} ${t(`liveDevices.factor.${factor}`)} ${reading(Math.min(...values), i18n.language)}–${reading(Math.max(...values), i18n.language)} ${unit}`
  return (
    <div className="device-trend">
      <Sparkline points={points} from={readings.dataUpdatedAt - DAY_MS} to={readings.dataUpdatedAt} label={range} testId="device-trend" />
      <small>{range}</small>
    </div>
  )
}
