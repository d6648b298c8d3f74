import { describe, expect, it, vi } from 'vitest'
import { NDJSONResponse } from '../src/index'

describe('NDJSONResponse', () => {
  describe('headers', () => {
    it('sends application/x-ndjson and no content-length', () => {
      const res = new NDJSONResponse([])
      expect(res.headers.get('content-type')).toBe('application/x-ndjson')
      expect(res.headers.get('content-length')).toBeNull()
    })

    it('sends application/jsonl through mediaType', () => {
      const res = new NDJSONResponse([], { mediaType: 'application/jsonl' })
      expect(res.headers.get('content-type')).toBe('application/jsonl')
    })
  })

  describe('body', () => {
    it('writes one JSON value per line, strings included', async () => {
      async function* rows() {
        yield { id: 1, name: 'Ada\nLovelace' }
        yield 'text'
        yield [1, null]
      }
      const body = await new NDJSONResponse(rows()).text()
      expect(body).toBe('{"id":1,"name":"Ada\\nLovelace"}\n"text"\n[1,null]\n')
      expect(
        body
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line))
      ).toEqual([{ id: 1, name: 'Ada\nLovelace' }, 'text', [1, null]])
    })

    it('gives an empty body for an empty source', async () => {
      expect(await new NDJSONResponse([]).text()).toBe('')
    })

    it('errors the stream with a TypeError for an item with no JSON form', async () => {
      const onError = vi.fn()
      const res = new NDJSONResponse([{ ok: true }, undefined], { onError })
      await expect(res.text()).rejects.toThrow(/must be JSON values, got undefined/)
      expect(onError).toHaveBeenCalledOnce()
      await expect(new NDJSONResponse([10n], { onError }).text()).rejects.toThrow(TypeError)
    })

    it('throws a TypeError for a source that is not iterable', () => {
      expect(() => new NDJSONResponse({ a: 1 } as never)).toThrow(/NDJSONResponse source/)
    })
  })
})
