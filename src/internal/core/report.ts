/**
 * Background tasks: run in order after the body has been sent, each awaited; a throwing task
 * is reported, never thrown into the server (docs/architecture.md, "Background tasks
 * run after the body").
 *
 * @internal
 * @module
 */
import type { BackgroundTask, ErrorContext, ErrorHandler } from '../../response'

/** Normalises `init.background` into a list, checking every entry is a function. @internal */
export function toTaskList(
  background: BackgroundTask | readonly BackgroundTask[] | undefined
): BackgroundTask[] {
  if (background === undefined) return []
  const list = typeof background === 'function' ? [background] : background
  if (!Array.isArray(list) || list.some((task) => typeof task !== 'function')) {
    throw new TypeError('init.background must be a function or an array of functions')
  }
  return [...list] as BackgroundTask[]
}

/** Reports `error` to `onError`, or to `console.error` when there is no hook; never throws. @internal */
export function report(
  onError: ErrorHandler | undefined,
  error: unknown,
  context: ErrorContext
): void {
  try {
    if (onError) onError(error, context)
    else console.error(`[response-kit] ${context.phase} error:`, error)
  } catch (hookError) {
    console.error('[response-kit] onError hook threw:', hookError)
  }
}

/** Runs `tasks` one after another; each failure is reported and the next task still runs. @internal */
export async function runTasks(
  tasks: readonly BackgroundTask[],
  onError: ErrorHandler | undefined
): Promise<void> {
  for (const task of tasks) {
    try {
      await task()
    } catch (error) {
      report(onError, error, { phase: 'background' })
    }
  }
}
