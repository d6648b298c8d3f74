import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { channel, createMemoryStore } from '../../src/streams'
import { readEvents } from './sse-read'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const req = (lastId?: string) =>
  new Request('http://x/', { headers: lastId ? { 'last-event-id': lastId } : {} })

describe('channel', () => {
  it('sends broadcasts made after subscribing, with ids, in order', async () => {
    const news = channel('news', { store: createMemoryStore() })
    await news.broadcast('before')
    const res = await news.subscribe(req())
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    await news.broadcast('one')
    await news.broadcast({ n: 2 }, { event: 'obj' })
    const events = await readEvents(res.body, (_, all) => all.length === 2)
    expect(events).toEqual([
      { id: '2', event: undefined, data: 'one' },
      { id: '3', event: 'obj', data: '{"n":2}' },
    ])
  })

  it('replays what a subscriber missed after its Last-Event-ID', async () => {
    const news = channel('news', { store: createMemoryStore() })
    for (let i = 1; i <= 5; i++) await news.broadcast(`m${i}`)
    const res = await news.subscribe(req('3'))
    const events = await readEvents(res.body, (_, all) => all.length === 2)
    expect(events.map((e) => e.data)).toEqual(['m4', 'm5'])
  })

  it('sends a gap marker when the missed events left the replay window', async () => {
    const news = channel('news', { store: createMemoryStore(), maxLen: 3 })
    for (let i = 1; i <= 6; i++) await news.broadcast(`m${i}`)
    const res = await news.subscribe(req('1'))
    const events = await readEvents(res.body, (_, all) => all.length === 4)
    expect(events).toEqual([
      { id: undefined, event: 'gap', data: '{"from":2,"to":3}' },
      { id: '4', event: undefined, data: 'm4' },
      { id: '5', event: undefined, data: 'm5' },
      { id: '6', event: undefined, data: 'm6' },
    ])
  })

  it('applies each subscriber filter', async () => {
    const store = createMemoryStore()
    const scores = channel('scores', { store })
    const res = await scores.subscribe(req(), {
      filter: (event) => event.event === 'goal',
    })
    await scores.broadcast('kick-off', { event: 'info' })
    await scores.broadcast('1-0', { event: 'goal' })
    await scores.broadcast('half-time', { event: 'info' })
    await scores.broadcast('1-1', { event: 'goal' })
    const events = await readEvents(res.body, (_, all) => all.length === 2)
    expect(events.map((e) => [e.id, e.data])).toEqual([
      ['2', '1-0'],
      ['4', '1-1'],
    ])
  })

  it('bounds a subscriber that stops reading: memory stays flat, then a gap and the newest', async () => {
    const news = channel('flood', { store: createMemoryStore(), maxLen: 100, maxQueue: 50 })
    const res = await news.subscribe(req())
    const reader = res.body!.getReader()
    await news.broadcast('first')
    await reader.read()
    gc()
    const before = process.memoryUsage().heapUsed
    const payload = 'x'.repeat(1024)
    for (let i = 0; i < 20_000; i++) await news.broadcast({ i, payload })
    gc()
    const grown = process.memoryUsage().heapUsed - before
    // Unbounded, the subscriber would hold 20,000 KiB-sized events (over 20 MB).
    expect(grown).toBeLessThan(8 * 1024 * 1024)
    reader.releaseLock()
    const events = await readEvents(res.body, (event) => event.id === '20001')
    const gap = events.findIndex((e) => e.event === 'gap')
    expect(gap).toBeGreaterThan(-1)
    const ids = events.filter((e) => e.id).map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(ids.at(-1)).toBe(20_001)
    expect(ids.length).toBeLessThanOrEqual(50 + 100 + 1)
  })

  describe('bad input', () => {
    it('throws TypeError for a bad name, store, event or filter', async () => {
      const store = createMemoryStore()
      expect(() => channel('', { store })).toThrow(TypeError)
      // @ts-expect-error: not a store
      expect(() => channel('a', { store: null })).toThrow(/options.store/)
      const a = channel('a', { store })
      await expect(a.broadcast('x', { event: 'a\nb' })).rejects.toThrow(TypeError)
      await expect(a.broadcast(undefined)).rejects.toThrow(/JSON/)
      // @ts-expect-error: not a function
      await expect(a.subscribe(req(), { filter: 1 })).rejects.toThrow(/filter/)
    })
    it('throws RangeError for a bad window or Last-Event-ID', async () => {
      const store = createMemoryStore()
      expect(() => channel('a', { store, maxLen: 0 })).toThrow(RangeError)
      await expect(channel('a', { store }).subscribe(req('abc'))).rejects.toThrow(RangeError)
    })
  })
})
