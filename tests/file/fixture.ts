/**
 * Real files in a temporary folder for the FileResponse suites, and a server that answers
 * them through response-kit/node's listener (which calls `prepare` for us).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { toNodeListener } from '../../src/adapters/node'
import { serve, type FetchHandler, type TestServer } from '../helpers/serve'

export interface Fixture {
  root: string
  outside: string
  data: Uint8Array
  text: string
  cleanup(): Promise<void>
}

/** 200 KiB of random bytes (several 64 KiB chunks), text, empty, dot, nested, symlinked files. */
export async function makeFixture(): Promise<Fixture> {
  const base = await mkdtemp(join(tmpdir(), 'rk-file-'))
  const root = join(base, 'root')
  const outside = join(base, 'outside')
  await mkdir(join(root, 'sub'), { recursive: true })
  await mkdir(outside)
  const data = new Uint8Array(randomBytes(200 * 1024 + 123))
  const text = 'hello, files\n'
  await writeFile(join(root, 'data.bin'), data)
  await writeFile(join(root, 'hello.txt'), text)
  await writeFile(join(root, 'empty.txt'), '')
  await writeFile(join(root, '.secret'), 'dot')
  await writeFile(join(root, 'sub', 'nested.json'), '{"nested":true}')
  await writeFile(join(root, 'naïve résumé.pdf'), '%PDF-1.4')
  await writeFile(join(outside, 'secret.txt'), 'outside')
  await symlink(join(outside, 'secret.txt'), join(root, 'escape.txt'))
  await symlink(join(root, 'hello.txt'), join(root, 'link-in.txt'))
  return { root, outside, data, text, cleanup: () => rm(base, { recursive: true, force: true }) }
}

/** Serves `handler` on 127.0.0.1 through toNodeListener. */
export function serveNode(handler: FetchHandler): Promise<TestServer> {
  return serve(handler, toNodeListener(handler, { onError: () => {} }))
}

/** Compares bytes with Buffer.equals (vitest's deep equality is slow on 200 KiB arrays). */
export function expectBytes(actual: ArrayBuffer | Uint8Array, expected: Uint8Array): void {
  const a = Buffer.from(actual instanceof Uint8Array ? actual : new Uint8Array(actual))
  expect(a.byteLength).toBe(expected.byteLength)
  expect(a.equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(
    true
  )
}
