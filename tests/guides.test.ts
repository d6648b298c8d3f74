/**
 * Every ```ts block in README.md and docs/guides/*.md type-checks against the package: the
 * blocks become virtual modules next to the Markdown file and are compiled with the project's
 * tsconfig, whose `paths` map `response-kit` and its subpaths to src/. A block that is not
 * meant to compile should be fenced as ```js or ```text instead.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

interface Block {
  /** Markdown file, relative to the repository root. */
  doc: string
  /** 1-based line of the opening fence. */
  line: number
  /** Virtual file name the block is compiled as. */
  fileName: string
  code: string
}

function extractBlocks(doc: string): Block[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n')
  const blocks: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ts\s*$/.test(lines[i]!)) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!)
    // `export {}` makes every block a module, so two blocks may declare the same names.
    const code = `${body.join('\n')}\nexport {}\n`
    const fileName = join(ROOT, `${doc}.block-${start + 1}.ts`)
    blocks.push({ doc, line: start + 1, fileName, code })
  }
  return blocks
}

const docs = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs/guides'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/guides/${name}`),
]
const blocks = docs.flatMap(extractBlocks)

function compile(): Map<string, string[]> {
  const configPath = join(ROOT, 'tsconfig.json')
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      },
    }
  )!
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false }
  const virtual = new Map(blocks.map((b) => [b.fileName, b.code]))
  const host = ts.createCompilerHost(options)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name)
  host.readFile = (name) => virtual.get(name) ?? readFile.call(host, name)
  host.getSourceFile = (name, language, ...rest) => {
    const code = virtual.get(name)
    if (code !== undefined) return ts.createSourceFile(name, code, language, true)
    return getSourceFile.call(host, name, language, ...rest)
  }
  const program = ts.createProgram([...virtual.keys()], options, host)
  const errors = new Map<string, string[]>()
  for (const block of blocks) {
    const file = program.getSourceFile(block.fileName)!
    const diagnostics = [
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    ]
    errors.set(
      block.fileName,
      diagnostics.map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0)
        const text = ts.flattenDiagnosticMessageText(d.messageText, '\n')
        return `${block.doc}:${block.line + 1 + line}: ${text}`
      })
    )
  }
  return errors
}

describe('guides', () => {
  let errors: Map<string, string[]>
  beforeAll(() => {
    errors = compile()
  }, 60_000)

  it('finds code blocks in the README and in every guide', () => {
    for (const doc of docs) {
      expect(blocks.filter((b) => b.doc === doc).length, doc).toBeGreaterThan(0)
    }
  })

  for (const block of blocks) {
    it(`type-checks the block at ${block.doc}:${block.line}`, () => {
      expect(errors.get(block.fileName), relative(ROOT, block.fileName)).toEqual([])
    })
  }
})
