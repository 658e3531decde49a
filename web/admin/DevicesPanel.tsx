import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEVICE_KINDS, DEVICE_STATUSES, type DeviceKind, type DeviceStatus } from '../../server/domain/device-readings.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { DeviceEditor } from './DeviceEditor.tsx'
import { DeviceRegister } from './DeviceRegister.tsx'
import { DevicesTable } from './DevicesTable.tsx'
import { IngestPlatforms } from './IngestPlatforms.tsx'

const PAGE = 100
/** Health moves with every report: the table follows it while it is open. */
const REFRESH_MS = 30_000

/** 设备: the field-device registry by kind, status or text, one device registered or edited beside it, and the vendor platforms' keys. */
export function DevicesPanel({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [kind, setKind] = useState<DeviceKind | ''>('')
  const [status, setStatus] = useState<DeviceStatus | ''>('')
  const [q, setQ] = useState('')
  const [offset, setOffset] = useState(0)
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  const query = { ...(kind ? { kind } : {}), ...(status ? { status } : {}), ...(q.trim() ? { q: q.trim() } : {}), limit: String(PAGE), offset: String(offset) }
  const devices = useQuery({
    queryKey: ['admin-devices', query], queryFn: () => unwrap(api.api.devices.$get({ query })),
    placeholderData: keepPreviousData, refetchInterval: REFRESH_MS,
  })
  const filter = <T,>(set: (v: T) => void) => (value: T) => { set(value); setOffset(0) }
  const rows = devices.data?.devices ?? []
  const total = devices.data?.total ?? 0
  const device = typeof editing === 'number' ? rows.find((d) => d.id === editing) : undefined
  return (
    <div className="devices-admin">
      <div className="admin-split">
        <section>
          <div className="inline-form">
            <select value={kind} onChange={(e) => filter(setKind)(e.target.value as DeviceKind | '')} aria-label={t('deviceAdmin.kind')} data-testid="devices-kind">
              <option value="">{t('deviceAdmin.allKinds')}</option>
              {DEVICE_KINDS.map((k) => <option key={k} value={k}>{t(`liveDevices.kind.${k}`)}</option>)}
            </select>
            <select value={status} onChange={(e) => filter(setStatus)(e.target.value as DeviceStatus | '')} aria-label={t('deviceAdmin.status')}>
              <option value="">{t('deviceAdmin.allStatuses')}</option>
              {DEVICE_STATUSES.map((s) => <option key={s} value={s}>{t(`deviceAdmin.statuses.${s}`)}</option>)}
            </select>
            <input value={q} maxLength={100} placeholder={t('deviceAdmin.search')} onChange={(e) => filter(setQ)(e.target.value)} data-testid="devices-search" />
            <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="device-new">{t('deviceAdmin.register')}</button>
          </div>
          <DevicesTable devices={rows} selected={typeof editing === 'number' ? editing : null} onSelect={setEditing} />
          <div className="inline-form pager">
            <span className="muted" data-testid="devices-total">{t('deviceAdmin.total', { count: total })}</span>
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('deviceAdmin.prev')}</button>
            <span>{total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE, total)}</span>
            <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>{t('deviceAdmin.next')}</button>
          </div>
        </section>
        {editing === 'new' && <DeviceRegister api={api} onDone={() => setEditing(null)} />}
        {device && <DeviceEditor key={device.id} api={api} device={device} onDone={() => setEditing(null)} />}
      </div>
      <IngestPlatforms api={api} />
    </div>
  )
}
