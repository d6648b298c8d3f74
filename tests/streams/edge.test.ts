/** response-kit/streams is edge-safe: bundled for the neutral platform it imports nothing. */
import { resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

describe('response-kit/streams', () => {
  it('bundles with no node: import, no package import and no code generation', async () => {
    const result = await build({
      entryPoints: [resolve(import.meta.dirname, '../../src/streams.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
      metafile: true,
    })
    const imports = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.filter((i) => i.external).map((i) => i.path)
    )
    expect(imports).toEqual([])
    const code = result.outputFiles[0]!.text
    expect(code).not.toMatch(/\bnew Function\b|\beval\(|\brequire\(/)
  })
})
