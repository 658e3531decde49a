import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DEVICE_KINDS, type DeviceKind, type DeviceProtocol } from '../../server/domain/device-readings.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { FormError } from '../ui/FormError.tsx'
import { SecretOnce } from './SecretOnce.tsx'

/** Dust monitors speak HJ 212 over TCP; crane monitors and cameras come through a vendor platform. */
const PROTOCOLS: Record<DeviceKind, DeviceProtocol[]> = { dust_monitor: ['hj212'], crane_monitor: ['mqtt', 'http'], camera: ['mqtt', 'http'] }

/**
 * Registers a device: its site (searched by name or code), the crane or camera it watches when its kind has one,
 * protocol, identity and interval. The answer's secret is shown once; closing it ends the form.
 */
export function DeviceRegister({ api, onDone }: { api: ApiClient; onDone(): void }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [code, setCode] = useState('')
  const [kind, setKind] = useState<DeviceKind>('dust_monitor')
  const [protocol, setProtocol] = useState<DeviceProtocol>('hj212')
  const [site, setSite] = useState<{ id: number; name: string } | null>(null)
  const [siteText, setSiteText] = useState('')
  const [boundId, setBoundId] = useState<number | null>(null)
  const [identity, setIdentity] = useState('')
  const [intervalS, setIntervalS] = useState(60)
  const hits = useQuery({
    queryKey: ['site-search', siteText.trim()], enabled: !site && siteText.trim().length > 0,
    queryFn: () => unwrap(api.api.sites.search.$get({ query: { q: siteText.trim(), limit: '8' } })),
  })
  const detail = useQuery({
    queryKey: ['site', site?.id], enabled: site !== null && kind !== 'dust_monitor',
    queryFn: () => unwrap(api.api.sites[':id'].$get({ param: { id: String(site?.id) } })),
  })
  const register = useMutation({
    mutationFn: () => unwrap(api.api.devices.$post({ json: {
      code, kind, siteId: site?.id ?? 0, protocol, identity, intervalS,
      craneId: kind === 'crane_monitor' ? boundId : null, cameraId: kind === 'camera' ? boundId : null,
    } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin-devices'] }),
  })
  const changeKind = (next: DeviceKind) => { setKind(next); setProtocol(PROTOCOLS[next][0]); setBoundId(null) }

  if (register.data) {
    return (
      <div className="record-form user-editor" data-testid="device-registered">
        <h2>{register.data.device.code}</h2>
        <SecretOnce title={t('deviceAdmin.secretTitle')} secret={register.data.secret} warning={t('deviceAdmin.secretWarning')} onDismiss={onDone} />
      </div>
    )
  }
  const bindings = kind === 'crane_monitor'
    ? (detail.data?.cranes ?? []).filter((c) => c.stage !== 'dismantled').map((c) => ({ id: c.id, label: c.recordNo }))
    : (detail.data?.cameras ?? []).map((c) => ({ id: c.id, label: c.code }))
  return (
    <form className="record-form user-editor" data-testid="device-register" onSubmit={(e) => { e.preventDefault(); register.mutate() }}>
      <h2>{t('deviceAdmin.register')}</h2>
      <label>{t('deviceAdmin.code')}<input value={code} onChange={(e) => setCode(e.target.value)} required pattern="[A-Za-z0-9_.:\-]{3,64}" data-testid="device-code" /></label>
      <label>{t('deviceAdmin.kind')}
        <select value={kind} onChange={(e) => changeKind(e.target.value as DeviceKind)} data-testid="device-kind">
          {DEVICE_KINDS.map((k) => <option key={k} value={k}>{t(`liveDevices.kind.${k}`)}</option>)}
        </select>
      </label>
      <label>{t('deviceAdmin.site')}
        <input value={site ? site.name : siteText} placeholder={t('deviceAdmin.siteSearch')} maxLength={100} data-testid="device-site"
          onChange={(e) => { setSite(null); setBoundId(null); setSiteText(e.target.value) }} required />
      </label>
      {!site && (hits.data ?? []).length > 0 && (
        <ul className="site-hits" data-testid="device-site-hits">
          {hits.data!.map((h) => (
            <li key={h.id}><button type="button" className="link" onClick={() => setSite({ id: h.id, name: `${h.name}（${h.code}）` })}>{h.name} <small>{h.code} · {h.district}</small></button></li>
          ))}
        </ul>
      )}
      {kind !== 'dust_monitor' && site && (
        <label>{t(kind === 'crane_monitor' ? 'deviceAdmin.crane' : 'deviceAdmin.camera')}
          <select value={boundId ?? ''} onChange={(e) => setBoundId(e.target.value ? Number(e.target.value) : null)} required data-testid="device-binding">
            <option value="">{bindings.length ? t('deviceAdmin.choose') : t(kind === 'crane_monitor' ? 'deviceAdmin.noCrane' : 'deviceAdmin.noCamera')}</option>
            {bindings.map((b) => <option key={b.id} value={b.id}>{b.label}</option>)}
          </select>
        </label>
      )}
      <label>{t('deviceAdmin.protocol')}
        <select value={protocol} onChange={(e) => setProtocol(e.target.value as DeviceProtocol)} disabled={PROTOCOLS[kind].length === 1}>
          {PROTOCOLS[kind].map((p) => <option key={p} value={p}>{t(`deviceAdmin.protocols.${p}`)}</option>)}
        </select>
      </label>
      <label>{t('deviceAdmin.identity')}
        <input value={identity} onChange={(e) => setIdentity(e.target.value)} required pattern="[A-Za-z0-9_.:\-]{1,64}" data-testid="device-identity" />
        <small>{t('deviceAdmin.identityHint')}</small>
      </label>
      <label>{t('deviceAdmin.interval')}<input type="number" min={5} max={86400} step={1} value={intervalS} onChange={(e) => setIntervalS(Number(e.target.value))} required /></label>
      <FormError error={register.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={register.isPending || !site} data-testid="device-submit">{t('deviceAdmin.register')}</button>
        <button type="button" onClick={onDone}>{t('deviceAdmin.close')}</button>
      </div>
    </form>
  )
}
