import { ApiError } from '../api.ts'

/** The Chinese file name the server offers (RFC 5987 `filename*`), else its ASCII one. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/)?.[1]
  if (encoded) return decodeURIComponent(encoded)
  return disposition?.match(/filename="([^"]+)"/)?.[1] ?? fallback
}

/** Saves an export the API answered with, or throws its JSON error as an ApiError. */
export async function saveDownload(response: Promise<Response>, fallback: string): Promise<string> {
  const res = await response
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`)
  }
  const name = fileNameOf(res.headers.get('content-disposition'), fallback)
  saveBlob(await res.blob(), name)
  return name
}

/** Saves a file made in the browser (or received) under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = Object.assign(document.createElement('a'), { href: url, download: name })
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked later: Chromium starts reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
