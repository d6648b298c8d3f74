/** Checks for app/root.ts: every root class answers with the right status, headers and bytes. */
import { expect } from 'vitest'
import { patternBytes } from '../app/router'
import { expectLength, fetchReply, type Case } from './case'

function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8')
}

export const rootCases: Case[] = [
  {
    subject: 'PlainTextResponse',
    name: 'returns utf-8 text with its byte length',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/plain')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
      expectLength(r, '13', q)
      expect(r.body).toEqual(utf8('héllo wörld'))
    },
  },
  {
    subject: 'PlainTextResponse',
    name: 'keeps each set-cookie line separate',
    async run(base, d) {
      const r = await fetchReply(base, d, '/cookies')
      expect(r.status).toBe(200)
      expect(r.headers['set-cookie']).toEqual([
        'a=1; Path=/; SameSite=Lax',
        'b=2; Path=/; HttpOnly; SameSite=Lax',
      ])
      expect(r.body.toString()).toBe('ok')
    },
  },
  {
    subject: 'PlainTextResponse',
    name: 'sends no body and no content-length for 204',
    async run(base, d) {
      const r = await fetchReply(base, d, '/no-content')
      expect(r.status).toBe(204)
      expect(r.headers['content-length']).toBeUndefined()
      expect(r.body.length).toBe(0)
    },
  },
  {
    subject: 'PlainTextResponse',
    name: 'sends bytes as they are under a given media type',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/bytes')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('application/octet-stream')
      expectLength(r, '1000', q)
      expect(r.body).toEqual(Buffer.from(patternBytes(1000)))
    },
  },
  {
    subject: 'HTMLResponse',
    name: 'returns utf-8 html',
    async run(base, d) {
      const r = await fetchReply(base, d, '/html')
      expect(r.status).toBe(200)
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(r.body).toEqual(utf8('<h1>héllo</h1>'))
    },
  },
  {
    subject: 'JSONResponse',
    name: 'returns compact raw utf-8 json with the given status and headers',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/json')
      expect(r.status).toBe(201)
      expect(r.headers['content-type']).toBe('application/json')
      expect(r.headers['x-case']).toBe('json')
      expectLength(r, '33', q)
      expect(r.body).toEqual(utf8('{"ok":true,"text":"é","n":[1,2]}'))
    },
  },
  {
    subject: 'RedirectResponse',
    name: 'returns 307 with a percent-encoded location and an empty body',
    async run(base, d, q) {
      const r = await fetchReply(base, d, '/redirect')
      expect(r.status).toBe(307)
      expect(r.headers.location).toBe('/I%20%E2%99%A5%20x/')
      expectLength(r, '0', q)
      expect(r.body.length).toBe(0)
    },
  },
  {
    subject: 'RedirectResponse',
    name: 'returns 303 to an absolute url',
    async run(base, d) {
      const r = await fetchReply(base, d, '/redirect-303')
      expect(r.status).toBe(303)
      expect(r.headers.location).toBe('https://example.com/a?b=1')
    },
  },
]
