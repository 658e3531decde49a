import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { MAX_PHOTO_BYTES } from '../../server/domain/image-type.ts'

interface Props {
  api: ApiClient; siteId: number; photoIds: number[]; onChange(ids: number[]): void
  /** One photo only (an alarm's disposal): a new pick replaces the last. */
  single?: boolean
}

/**
 * Photos are uploaded as soon as they are picked (a phone's camera opens with `capture`), so the record itself
 * is small JSON; the server checks what each file really is.
 */
export function PhotoPicker({ api, siteId, photoIds, onChange, single = false }: Props) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const upload = async (files: FileList | null) => {
    if (!files?.length) return
    setBusy(true)
    setError(null)
    const added: number[] = []
    for (const file of Array.from(files)) {
      if (file.size > MAX_PHOTO_BYTES) { setError(t('photos.tooLarge', { name: file.name })); continue }
      try {
        added.push((await unwrap(api.api.photos.$post({ form: { siteId: String(siteId), file } }))).id)
      } catch (e) {
        setError(`${file.name}: ${(e as Error).message}`)
      }
    }
    onChange(single && added.length > 0 ? added.slice(-1) : [...photoIds, ...added])
    setBusy(false)
  }
  return (
    <div className="photos">
      <div className="thumbs">
        {photoIds.map((id) => (
          <figure key={id}>
            <img src={`/api/photos/${id}`} alt={t('photos.alt', { id })} />
            <button type="button" className="close" aria-label={t('photos.remove')} onClick={() => onChange(photoIds.filter((p) => p !== id))}>×</button>
          </figure>
        ))}
      </div>
      <label className="file-button">
        {busy ? t('photos.uploading') : t('photos.add')}
        <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple={!single} disabled={busy}
          data-testid="photo-input" onChange={(e) => { void upload(e.target.files); e.target.value = '' }} />
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  )
}
