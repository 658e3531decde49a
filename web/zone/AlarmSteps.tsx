import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, ApiError, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { FormError } from '../ui/FormError.tsx'
import type { MyZone, ZoneAlarm } from './MyZonePanel.tsx'
import { PhotoPicker } from './PhotoPicker.tsx'

interface Props { api: ApiClient; alarm: ZoneAlarm; canAnswer: boolean; onSite(id: number): void }

const STEP = { open: 'acknowledge', acknowledged: 'dispose', disposed: 'close' } as const

/** One alarm opened in 今日任务: its device, who answered it so far, and (for a supervisor) its next step. */
export function AlarmSteps({ api, alarm, canAnswer, onSite }: Props) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [note, setNote] = useState('')
  const [photoIds, setPhotoIds] = useState<number[]>([])
  const step = alarm.status === 'closed' ? null : STEP[alarm.status]
  const move = useMutation({
    mutationFn: async () => {
      const param = { id: String(alarm.id) }
      const routes = api.api.alarms[':id']
      if (step === 'acknowledge') return unwrap(routes.acknowledge.$post({ param, json: { note } }))
      if (step === 'close') return unwrap(routes.close.$post({ param, json: { note } }))
      const [photoId] = photoIds
      if (!note.trim() || photoId === undefined) throw new Error(t('alarms.needNoteAndPhoto'))
      return unwrap(routes.dispose.$post({ param, json: { note, photoId } }))
    },
    onSuccess: (updated) => {
      // The answer is the alarm as it now is: the list changes in place, and a closed alarm leaves it.
      queryClient.setQueryData<MyZone>(['my-zone'], (zone) => zone && {
        ...zone, alarms: updated.status === 'closed' ? zone.alarms.filter((a) => a.id !== updated.id) : zone.alarms.map((a) => (a.id === updated.id ? updated : a)),
      })
      setNote('')
      setPhotoIds([])
    },
    // Someone else (a colleague of the same grid) moved it first: the error says so, the list shows where it is now.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: ['my-zone'] })
    },
  })
  return (
    <div className="alarm-steps" data-testid="alarm-steps">
      <p className="muted">
        {t('alarms.device', { code: alarm.deviceCode })} · <button type="button" className="link" onClick={() => onSite(alarm.siteId)}>{alarm.siteName}</button>
      </p>
      {alarm.acknowledgedAt && <p className="muted">{t('alarms.acknowledgedBy', { by: alarm.acknowledgedBy ?? '–', at: beijingMinute(alarm.acknowledgedAt) })}</p>}
      {alarm.disposedAt && (
        <p className="muted">{t('alarms.disposedBy', { by: alarm.disposedBy ?? '–', at: beijingMinute(alarm.disposedAt), note: alarm.disposalNote ?? '' })}</p>
      )}
      {alarm.disposalPhotoId && <div className="thumbs"><img src={`/api/photos/${alarm.disposalPhotoId}`} alt={t('photos.alt', { id: alarm.disposalPhotoId })} /></div>}
      {canAnswer && step && (
        <form className="record-form" onSubmit={(e) => { e.preventDefault(); move.mutate() }}>
          <label>{t(step === 'dispose' ? 'alarms.disposalNote' : 'alarms.note')}
            <textarea name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          {step === 'dispose' && (
            <div className="photo-field">{t('alarms.disposalPhoto')}<PhotoPicker api={api} siteId={alarm.siteId} photoIds={photoIds} onChange={setPhotoIds} single /></div>
          )}
          <FormError error={move.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={move.isPending} data-testid={`alarm-${step}`}>{t(`alarms.${step}`)}</button>
          </div>
        </form>
      )}
    </div>
  )
}
