import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileResponse } from '../../src/file'
import type { TestServer } from '../helpers/serve'
import { expectBytes, makeFixture, serveNode, type Fixture } from './fixture'

const run = promisify(execFile)
let fx: Fixture
let server: TestServer

beforeAll(async () => {
  fx = await makeFixture()
  server = await serveNode((request) => {
    const name = new URL(request.url).pathname.slice(1)
    return new FileResponse(name, { root: fx.root, filename: 'data.bin' })
  })
})

afterAll(async () => {
  await server?.close()
  await fx?.cleanup()
})

describe('FileResponse', () => {
  describe('with curl', () => {
    it('serves curl --range pieces that join into the original bytes', async () => {
      const size = fx.data.byteLength
      const cut = 65_536 + 17
      const pieces: Buffer[] = []
      for (const range of [`0-${cut - 1}`, `${cut}-`]) {
        const out = join(fx.root, `piece-${range}`)
        await run('/usr/bin/curl', [
          '-sS',
          '--fail',
          '--range',
          range,
          '-o',
          out,
          `${server.url}/data.bin`,
        ])
        pieces.push(await readFile(out))
      }
      expect(pieces[0]!.byteLength).toBe(cut)
      expect(pieces[1]!.byteLength).toBe(size - cut)
      expectBytes(Buffer.concat(pieces), fx.data)
    })

    it('resumes a partial download with curl -C - to the original bytes', async () => {
      const out = join(fx.root, 'resumed.bin')
      await writeFile(out, fx.data.subarray(0, 100_000))
      const { stdout } = await run('/usr/bin/curl', [
        '-sS',
        '--fail',
        '-C',
        '-',
        '-o',
        out,
        '-w',
        '%{http_code}',
        `${server.url}/data.bin`,
      ])
      expect(stdout).toBe('206')
      expectBytes(await readFile(out), fx.data)
    })
  })
})
