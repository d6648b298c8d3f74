import { afterEach, describe, expect, it, vi } from 'vitest'
import { report, runTasks, toTaskList } from '../../src/internal/core/report'

describe('toTaskList', () => {
  it('turns undefined, a function or a list into a fresh list', () => {
    const task = () => 1
    const list = [task]
    expect(toTaskList(undefined)).toEqual([])
    expect(toTaskList(task)).toEqual([task])
    expect(toTaskList(list)).toEqual(list)
    expect(toTaskList(list)).not.toBe(list)
  })

  it.each([
    ['a string', 'x'],
    ['an object', {}],
    ['a list with a non-function', [() => 1, 2]],
  ])('throws TypeError for %s', (_, value) => {
    expect(() => toTaskList(value as () => unknown)).toThrow(
      'init.background must be a function or an array of functions'
    )
  })
})

describe('runTasks', () => {
  it('awaits each task before starting the next', async () => {
    const log: string[] = []
    const slow = async () => {
      log.push('slow start')
      await new Promise((resolve) => setTimeout(resolve, 5))
      log.push('slow end')
    }
    await runTasks([slow, () => void log.push('next')], undefined)
    expect(log).toEqual(['slow start', 'slow end', 'next'])
  })

  it('reports sync and async failures and still runs the rest', async () => {
    const seen: unknown[] = []
    const ran: number[] = []
    await runTasks(
      [
        () => {
          throw new Error('one')
        },
        () => Promise.reject(new Error('two')),
        () => void ran.push(3),
      ],
      (error, context) => seen.push([(error as Error).message, context.phase])
    )
    expect(seen).toEqual([
      ['one', 'background'],
      ['two', 'background'],
    ])
    expect(ran).toEqual([3])
  })
})

describe('report', () => {
  afterEach(() => vi.restoreAllMocks())

  it('calls the hook with the error and its context', () => {
    const hook = vi.fn()
    const error = new Error('x')
    report(hook, error, { phase: 'stream' })
    expect(hook).toHaveBeenCalledWith(error, { phase: 'stream' })
  })

  it('falls back to console.error, and never throws when the hook does', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const error = new Error('x')
    report(undefined, error, { phase: 'adapter' })
    expect(spy).toHaveBeenLastCalledWith('[response-kit] adapter error:', error)
    const hookError = new Error('hook')
    expect(() =>
      report(
        () => {
          throw hookError
        },
        error,
        { phase: 'background' }
      )
    ).not.toThrow()
    expect(spy).toHaveBeenLastCalledWith('[response-kit] onError hook threw:', hookError)
  })
})
