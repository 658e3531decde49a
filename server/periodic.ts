/** A background job: run now and then, and stopped with the server. */
export interface PeriodicJob<T> {
  /** One pass now, after any pass still running. */
  run(): Promise<T>
  /** No more passes; resolves once the running one, if any, has ended. */
  stop(): Promise<void>
}

/**
 * Runs `pass` every `everyMs` (and whenever `run` is called), one pass after another, so two never overlap; a
 * failed pass goes to `onError` and does not stop the next. The timer does not keep the process alive.
 */
export function periodicJob<T>(pass: () => Promise<T>, options: { everyMs: number; onError(error: unknown): void }): PeriodicJob<T> {
  let running: Promise<unknown> = Promise.resolve()
  const queue = () => {
    const next = running.then(pass)
    running = next.catch(() => undefined)
    return next
  }
  const timer = setInterval(() => { queue().catch(options.onError) }, options.everyMs)
  timer.unref()
  return {
    run: queue,
    async stop() {
      clearInterval(timer)
      await running.catch(() => {})
    },
  }
}
