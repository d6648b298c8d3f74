import { Dicer } from '@fastify/busboy'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FileResponse } from '../../src/file'

/**
 * A small reference model of RFC 9110 §14 with our documented choices: mark every byte some
 * range-spec selects, then the answer is the runs of marked bytes (so overlaps and adjacency
 * merge by construction). Unknown unit, bad syntax or first > last → 200; nothing marked →
 * 416; one run → 206 with content-range; several → multipart/byteranges.
 */
function model(header: string, size: number) {
  const eq = header.indexOf('=')
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { status: 200 }
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (specs.length === 0 || specs.length > 100) return { status: 200 }
  const marked = new Array<boolean>(size).fill(false)
  for (const spec of specs) {
    const m = /^(\d*)\s*-\s*(\d*)$/.exec(spec)
    if (!m || (m[1] === '' && m[2] === '')) return { status: 200 }
    let from: number
    let to: number
    if (m[1] === '') {
      from = size - Number(m[2])
      to = size - 1
    } else {
      from = Number(m[1])
      to = m[2] === '' ? size - 1 : Number(m[2])
      if (m[2] !== '' && to < from) return { status: 200 }
    }
    for (let i = Math.max(0, from); i <= Math.min(to, size - 1); i++) marked[i] = true
  }
  const runs: [number, number][] = []
  marked.forEach((on, i) => {
    if (!on) return
    const last = runs[runs.length - 1]
    if (last && last[1] === i - 1) last[1] = i
    else runs.push([i, i])
  })
  if (runs.length === 0) return { status: 416 }
  return { status: 206, runs }
}

function parts(body: Buffer, boundary: string): Promise<{ range: string; body: Buffer }[]> {
  return new Promise((resolve, reject) => {
    const out: { range: string; body: Buffer }[] = []
    const dicer = new Dicer({ boundary })
    dicer.on('part', (part) => {
      const chunks: Buffer[] = []
      let range = ''
      part.on('header', (h) => (range = (h as Record<string, string[]>)['content-range']![0]!))
      part.on('data', (c: Buffer) => chunks.push(c))
      part.on('end', () => out.push({ range, body: Buffer.concat(chunks) }))
    })
    dicer.on('error', reject)
    dicer.on('finish', () => resolve(out))
    dicer.end(body)
  })
}

const pos = fc.integer({ min: 0, max: 90 })
const spec = fc.oneof(
  fc.tuple(pos, pos).map(([a, b]) => `${a}-${b}`),
  fc.tuple(pos, pos).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
  pos.map((a) => `${a}-`),
  pos.map((n) => `-${n}`),
  fc.constantFrom('', ' 3 - 7 ', '-', 'x-1', '1-x', '1.0-2', '--1')
)
const header = fc
  .tuple(
    fc.constantFrom('bytes', 'BYTES', 'Bytes ', 'items', 'bytes'),
    fc.array(spec, { minLength: 0, maxLength: 6 })
  )
  .map(([unit, specs]) => `${unit}=${specs.join(',')}`)

describe('FileResponse', () => {
  describe('random Range headers', () => {
    it('agree with the RFC 9110 reference model on status, content-range and bytes', async () => {
      await fc.assert(
        fc.asyncProperty(
          header,
          fc.integer({ min: 0, max: 80 }),
          fc.boolean(),
          async (range, size, blob) => {
            const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) & 255)
            const source = blob ? new Blob([bytes]) : bytes
            const request = new Request('http://x/', { headers: { range } })
            const res = await new FileResponse(source).prepare(request)
            const expected = model(range, size)
            expect(res.status).toBe(expected.status)
            const body = Buffer.from(await res.arrayBuffer())
            if (expected.status === 200) {
              expect(res.headers.get('content-range')).toBeNull()
              expect(body.equals(Buffer.from(bytes))).toBe(true)
            } else if (expected.status === 416) {
              expect(res.headers.get('content-range')).toBe(`bytes */${size}`)
              expect(body.byteLength).toBe(0)
            } else if (expected.runs!.length === 1) {
              const [a, b] = expected.runs![0]!
              expect(res.headers.get('content-range')).toBe(`bytes ${a}-${b}/${size}`)
              expect(res.headers.get('content-length')).toBe(String(b - a + 1))
              expect(body.equals(Buffer.from(bytes.subarray(a, b + 1)))).toBe(true)
            } else {
              expect(res.headers.get('content-range')).toBeNull()
              expect(res.headers.get('content-length')).toBe(String(body.byteLength))
              const boundary = res.headers.get('content-type')!.split('boundary=')[1]!
              const got = await parts(body, boundary)
              expect(got.map((p) => p.range)).toEqual(
                expected.runs!.map(([a, b]) => `bytes ${a}-${b}/${size}`)
              )
              got.forEach((p, i) => {
                const [a, b] = expected.runs![i]!
                expect(p.body.equals(Buffer.from(bytes.subarray(a, b + 1)))).toBe(true)
              })
            }
          }
        ),
        { numRuns: 300 }
      )
    })
  })
})
