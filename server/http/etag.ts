/*
 * If-None-Match as RFC 9110 §13.1.2 reads it: `*`, or a list of entity tags compared weakly (a `W/` on either side
 * is ignored). Entity tags may hold commas, so the list is read tag by tag rather than split.
 */

const ENTITY_TAG = /(?:W\/)?"([^"]*)"/g

/** Whether a client sending `ifNoneMatch` already holds the representation tagged `etag`, so a 304 answers it. */
export function holdsCurrent(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  for (const [tag] of ifNoneMatch.matchAll(ENTITY_TAG)) if (tag.replace(/^W\//, '') === opaque) return true
  return false
}
