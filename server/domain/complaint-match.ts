/*
 * Which site a complaint is about. The hotline gives a position (from the caller's map pin), an address as the
 * caller said it, or only words ("人民路那个工地"); each kind of evidence gives a confidence between 0 and 1, and the
 * best candidate wins. At or above CONFIRM_THRESHOLD the complaint is dispatched at once; below it the best guess
 * is kept as a suggestion and a supervisor confirms or corrects it.
 *
 * Text is compared by character bigrams, not by PostgreSQL's trigrams: Chinese has no spaces, two characters are
 * the shortest unit that carries meaning (人民, 民路), and pg_trgm's word split depends on the server's locale.
 */

export type MatchMethod = 'coordinates' | 'address' | 'name' | 'manual'
export interface SiteMatch { siteId: number; method: MatchMethod; confidence: number }

/** Sites farther than this from the complaint's position are not candidates. */
export const MATCH_RADIUS_M = 300
export const CONFIRM_THRESHOLD = 0.7
/** Two candidates within this much of each other are a toss-up: the supervisor decides. */
export const AMBIGUITY_MARGIN = 0.1

const NEAR_M = 30
const NEAR_CONFIDENCE = 0.95
const EDGE_CONFIDENCE = 0.3

/** 0.95 within 30 m of the site (inside its footprint counts as 0 m), falling linearly to 0.3 at the radius; 0 beyond. */
export function coordinateConfidence(distanceM: number): number {
  if (!Number.isFinite(distanceM) || distanceM < 0 || distanceM > MATCH_RADIUS_M) return 0
  const share = Math.max(0, distanceM - NEAR_M) / (MATCH_RADIUS_M - NEAR_M)
  return round2(NEAR_CONFIDENCE - (NEAR_CONFIDENCE - EDGE_CONFIDENCE) * share)
}

// The city and province prefix and punctuation say nothing about which site.
const NOISE = /江苏省|苏州市|[\s\p{P}\p{S}]/gu

export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(NOISE, '').toLowerCase()
}

function bigrams(text: string): Set<string> {
  const chars = [...text]
  const grams = new Set<string>()
  for (let i = 0; i + 1 < chars.length; i += 1) grams.add(chars[i] + chars[i + 1])
  return grams
}

/** The share of the site's address bigrams that the complaint's text contains (1 when it is all there). */
export function addressContainment(siteAddress: string, complaintText: string): number {
  const site = bigrams(normalizeText(siteAddress))
  if (site.size < 3) return 0
  const text = bigrams(normalizeText(complaintText))
  let shared = 0
  for (const gram of site) if (text.has(gram)) shared += 1
  return shared / site.size
}

const NAME_CONFIDENCE = 0.9
const ADDRESS_WEIGHT = 0.9
const MIN_NAME_CHARS = 4

export interface TextCandidate { siteId: number; name: string; address: string | null }
export interface PositionCandidate { siteId: number; distanceM: number }

/** A site's name written out in full in the complaint (0.9), else how much of its address is there (up to 0.9). */
export function textMatch(candidate: TextCandidate, complaintText: string): SiteMatch | null {
  const text = normalizeText(complaintText)
  const name = normalizeText(candidate.name)
  if ([...name].length >= MIN_NAME_CHARS && text.includes(name)) return { siteId: candidate.siteId, method: 'name', confidence: NAME_CONFIDENCE }
  const confidence = candidate.address ? round2(addressContainment(candidate.address, complaintText) * ADDRESS_WEIGHT) : 0
  return confidence > 0 ? { siteId: candidate.siteId, method: 'address', confidence } : null
}

/**
 * The best of the position's and the text's candidates. When the runner-up (another site) is within the
 * ambiguity margin, the winner's confidence is held just below the threshold, so that a person decides.
 */
export function bestMatch(byPosition: PositionCandidate[], byText: TextCandidate[], complaintText: string): SiteMatch | null {
  const scored: SiteMatch[] = [
    ...byPosition.map((p) => ({ siteId: p.siteId, method: 'coordinates' as const, confidence: coordinateConfidence(p.distanceM) })),
    ...byText.map((t) => textMatch(t, complaintText)).filter((m): m is SiteMatch => m !== null),
  ].filter((m) => m.confidence > 0)
  if (scored.length === 0) return null
  // One score per site: its best evidence.
  const perSite = new Map<number, SiteMatch>()
  for (const m of scored) if ((perSite.get(m.siteId)?.confidence ?? -1) < m.confidence) perSite.set(m.siteId, m)
  const ranked = [...perSite.values()].sort((a, b) => b.confidence - a.confidence || a.siteId - b.siteId)
  const [best, second] = ranked
  if (second && best.confidence - second.confidence < AMBIGUITY_MARGIN && best.confidence >= CONFIRM_THRESHOLD) {
    return { ...best, confidence: round2(CONFIRM_THRESHOLD - 0.01) }
  }
  return best
}

export const confirmedAtOnce = (match: SiteMatch | null): boolean => match !== null && match.confidence >= CONFIRM_THRESHOLD

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
