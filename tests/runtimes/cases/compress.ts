/**
 * Checks for app/compress.ts: what `compress()` negotiates on each runtime, and that the bytes
 * decode exactly. The test process runs on Node 20, whose zlib has no zstd: zstd bodies are
 * decoded by the matrix's Node 22 binary in a child process (a decoder apart from the server).
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { brotliDecompressSync, constants, gunzipSync, inflateSync } from 'node:zlib'
import { request, type Dispatcher } from 'undici'
import { expect } from 'vitest'
import { sampleLines, sampleRecords } from '../app/router'
import { runtime } from '../harness'
import { fetchReply, type Case, type Quirks } from './case'

type Coding = 'br' | 'zstd' | 'gzip' | 'deflate'

/** What `compress()` can do on a runtime, as the case list expects it. */
export interface CompressSupport {
  /** The codings it offers, in its preference order (none where neither zlib nor
   * CompressionStream exists). */
  codings: readonly Coding[]
  /** Whether it flushes per chunk (node:zlib), so event streams are compressed too. */
  flushes: boolean
  /** Whether one request may release another's stream (see crossRequestCases). */
  crossRequest: boolean
}

/**
 * Whether Node `version` has zstd in zlib (`zlib.createZstdCompress`): added in 23.8.0 and
 * backported to 22.15.0 (Node's changelogs); Node 20 has none.
 */
export function nodeHasZstd(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  return major >= 24 || (major === 23 && minor >= 8) || (major === 22 && minor >= 15)
}

/** The codings of the zlib engine: br, zstd where zlib has it, gzip, deflate. */
export function zlibCodings(zstd: boolean): Coding[] {
  return zstd ? ['br', 'zstd', 'gzip', 'deflate'] : ['br', 'gzip', 'deflate']
}

const UNZSTD =
  "process.stdout.write(require('node:zlib').zstdDecompressSync(require('node:fs').readFileSync(0)))"

/** Decodes `body` sent with `content-encoding: coding` (none: as it is). */
function decode(coding: string | undefined, body: Buffer): Buffer {
  if (coding === undefined) return body
  if (coding === 'gzip') return gunzipSync(body)
  if (coding === 'deflate') return inflateSync(body)
  if (coding === 'br') return brotliDecompressSync(body)
  if (coding === 'zstd') {
    return execFileSync(runtime('node22').bin, ['-e', UNZSTD], { input: body, maxBuffer: 1 << 26 })
  }
  throw new Error(`unexpected content-encoding ${coding}`)
}

/** The gzip bytes so far, decoded as far as they go (each flush point ends a decodable run). */
function gunzipPartial(bytes: Buffer): string {
  return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString()
}

const JSON_TEXT = JSON.stringify(sampleRecords(500))
const LINES = sampleLines(40).join('')

/** Whether a `vary` header value names Accept-Encoding. */
function variesByEncoding(vary: string | string[] | undefined): boolean {
  return /accept-encoding/i.test(String(vary))
}

/** Reads `res.body` until `until(decoded)` holds, decoding gzip as it goes. */
async function readUntil(
  res: Dispatcher.ResponseData,
  gzip: boolean,
  until: (text: string) => boolean
): Promise<{ text: string; bytes: Buffer; rest: AsyncIterator<unknown> }> {
  const iterator = res.body[Symbol.asyncIterator]()
  let bytes = Buffer.alloc(0)
  let text = ''
  while (!until(text)) {
    const next = await iterator.next()
    if (next.done) throw new Error(`the stream ended before the expected text; got ${text}`)
    bytes = Buffer.concat([bytes, Buffer.from(next.value as Uint8Array)])
    text = gzip ? gunzipPartial(bytes) : bytes.toString()
  }
  return { text, bytes, rest: iterator }
}

function negotiationCases(support: CompressSupport): Case[] {
  const zstd = support.codings.includes('zstd')
  const pick = (withZstd: Coding, withoutZstd: Coding): Coding | undefined =>
    support.codings.length === 0 ? undefined : zstd ? withZstd : withoutZstd
  const table: [string, Coding | undefined][] = [
    ['gzip, deflate, br, zstd', support.codings[0]],
    ['gzip, zstd', pick('zstd', 'gzip')],
    ['zstd;q=0.5, gzip;q=0.8', pick('gzip', 'gzip')],
    ['zstd, gzip;q=0.1', pick('zstd', 'gzip')],
    ['deflate', pick('deflate', 'deflate')],
  ]
  return table.map(([accept, expected]) => ({
    subject: 'compress',
    name: `answers Accept-Encoding: ${accept} with ${expected ?? 'no coding'} and the exact bytes`,
    async run(base, d) {
      const r = await fetchReply(base, d, '/compress/json', {
        headers: { 'accept-encoding': accept },
      })
      expect(r.status).toBe(200)
      expect(r.headers['content-encoding']).toBe(expected)
      expect(variesByEncoding(r.headers.vary)).toBe(true)
      expect(decode(expected, r.body).toString()).toBe(JSON_TEXT)
    },
  }))
}

function zstdCases(support: CompressSupport): Case[] {
  const zstd = support.codings.includes('zstd')
  return [
    {
      subject: 'compress',
      name: zstd
        ? 'answers Accept-Encoding: zstd with zstd that decodes to the exact bytes'
        : 'answers Accept-Encoding: zstd uncompressed (this runtime has no zstd)',
      async run(base, d) {
        const r = await fetchReply(base, d, '/compress/json', {
          headers: { 'accept-encoding': 'zstd' },
        })
        expect(r.status).toBe(200)
        expect(r.headers['content-encoding']).toBe(zstd ? 'zstd' : undefined)
        if (zstd) expect(r.body.length).toBeLessThan(JSON_TEXT.length / 4)
        expect(decode(zstd ? 'zstd' : undefined, r.body).toString()).toBe(JSON_TEXT)
      },
    },
  ]
}

function streamCases(support: CompressSupport): Case[] {
  const codings: (Coding | undefined)[] =
    support.codings.length === 0 ? [undefined] : [...support.codings]
  return codings.map((coding) => ({
    subject: 'compress',
    name: coding
      ? `streams ${coding} with no content-length, decoding to the exact lines`
      : 'streams uncompressed (no zlib and no CompressionStream here)',
    async run(base, d, quirks) {
      const r = await fetchReply(base, d, '/compress/stream', {
        headers: { 'accept-encoding': coding ?? 'gzip, br' },
      })
      expect(r.status).toBe(200)
      expect(r.headers['content-encoding']).toBe(coding)
      const length = r.headers['content-length']
      if (coding && quirks.streamGainsContentLength && length !== undefined) {
        expect(length).toBe(String(r.body.byteLength))
      } else if (coding) expect(length).toBeUndefined()
      expect(decode(coding, r.body).toString()).toBe(LINES)
    },
  }))
}

function sseCases(support: CompressSupport, quirks: Quirks): Case[] {
  const cases: Case[] = []
  if (support.crossRequest) {
    cases.push({
      subject: 'compress',
      name: support.flushes
        ? 'delivers an SSE event through gzip before the source goes on'
        : 'leaves text/event-stream uncompressed (no compressor that can flush)',
      async run(base, d) {
        const id = randomUUID()
        const res = await request(new URL(`/compress/sse-gated?id=${id}`, base), {
          dispatcher: d,
          headers: { 'accept-encoding': 'gzip' },
        })
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-encoding']).toBe(support.flushes ? 'gzip' : undefined)
        // The source is parked on its gate: event 0 can only be decoded if it was flushed.
        const first = await readUntil(res, support.flushes, (text) => text.includes('\n\n'))
        expect(first.text).toBe('id: 0\ndata: first\n\n')
        await fetchReply(base, d, `/release?id=${id}`)
        const chunks = [first.bytes]
        for (let next = await first.rest.next(); !next.done; next = await first.rest.next()) {
          chunks.push(Buffer.from(next.value as Uint8Array))
        }
        const coding = support.flushes ? 'gzip' : undefined
        expect(decode(coding, Buffer.concat(chunks)).toString()).toBe(
          'id: 0\ndata: first\n\nid: 1\ndata: second\n\n'
        )
      },
    })
  }
  if (support.flushes) {
    cases.push({
      subject: 'compress',
      name: 'cancels the source through the compressor when the client disconnects',
      async run(base, d) {
        const id = randomUUID()
        const res = await request(new URL(`/compress/sse-endless?id=${id}`, base), {
          dispatcher: d,
          headers: { 'accept-encoding': 'gzip' },
        })
        expect(res.headers['content-encoding']).toBe('gzip')
        const { text } = await readUntil(res, true, (t) => t.split('\n\n').length > 3)
        res.body.destroy()
        expect(text.startsWith('id: 0\ndata: tick 0\n\nid: 1\ndata: tick 1\n\n')).toBe(true)
        const done = quirks.requestTimersDie
          ? 'finally:false onClose:true'
          : 'finally:true onClose:true'
        let state = ''
        for (let i = 0; i < 100 && state !== done; i++) {
          await sleep(50)
          state = (await fetchReply(base, d, `/closed?id=${id}`)).body.toString()
        }
        expect(state).toBe(done)
      },
    })
  }
  return cases
}

/** Every compression case, for a runtime that supports `support`. */
export function compressCases(support: CompressSupport, quirks: Quirks = {}): Case[] {
  return [
    ...zstdCases(support),
    ...negotiationCases(support),
    ...streamCases(support),
    ...sseCases(support, quirks),
  ]
}
