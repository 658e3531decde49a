/*
 * Structured logs: one JSON object per line, so that journald, Loki or any log shipper reads them without parsing
 * free text. Where lines go is passed in (AppDeps.log): tests capture them or drop them.
 */

export interface LogLine {
  time: string
  level: 'info' | 'error'
  requestId?: string
  [field: string]: unknown
}

export type LogSink = (line: LogLine) => void

/** What `npm start` does: requests to stdout, unexpected errors to stderr. */
export const stdioLog: LogSink = (line) => {
  const text = `${JSON.stringify(line)}\n`
  if (line.level === 'error') process.stderr.write(text)
  else process.stdout.write(text)
}
