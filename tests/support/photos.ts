import { PNG } from 'pngjs'

/** The multipart body of a photo upload for a site: a real (tiny) PNG. */
export function pngForm(siteId: number): FormData {
  const form = new FormData()
  form.set('siteId', String(siteId))
  form.set('file', new File([new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })))], 'p.png', { type: 'image/png' }))
  return form
}
