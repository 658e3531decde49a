/*
 * What the side panel shows: a site, a grid, the demonstration zone, a hazard, or the inspection form for a site
 * (`inspect`). It lives in the URL (`?sel=site:42`) so that a supervisor can send a colleague a link to exactly
 * what they are looking at.
 */
export type Selection = { kind: 'site' | 'grid' | 'demoZone' | 'hazard' | 'inspect'; id: number }

export function selectionFromSearch(search: string): Selection | null {
  const match = /^(site|grid|demoZone|hazard|inspect):([1-9]\d{0,8})$/.exec(new URLSearchParams(search).get('sel') ?? '')
  return match ? { kind: match[1] as Selection['kind'], id: Number(match[2]) } : null
}

export function searchWithSelection(search: string, selection: Selection | null): string {
  const params = new URLSearchParams(search)
  if (selection) params.set('sel', `${selection.kind}:${selection.id}`)
  else params.delete('sel')
  const text = params.toString()
  return text ? `?${text}` : ''
}
