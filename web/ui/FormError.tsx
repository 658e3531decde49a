import { ApiError } from '../api.ts'

/** What the server refused and why, field by field for a validation error; nothing when there is no error. */
export function FormError({ error }: { error: Error | null }) {
  if (!error) return null
  const details = error instanceof ApiError ? error.details : undefined
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      {error.message}
      {details && <ul>{details.map((d) => <li key={d.path}>{d.path}: {d.message}</li>)}</ul>}
    </div>
  )
}
