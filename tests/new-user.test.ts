/**
 * A new user's first minutes, end to end: the repository's files (as git sees them, so no dist/
 * and no node_modules) are copied to a temporary folder and packed with `npm pack`, which must
 * build through `prepack`; the tarball is installed into a fresh project; the getting-started
 * guide's first example is saved as `server.ts` and run with tsx; curl asks it for two routes;
 * SIGTERM stops it. This catches a package that ships no code and a guide that drifted from the
 * package. The build tools come from this repository's node_modules (symlinked), and the
 * package's own dependencies install from npm's cache when they are there.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = join(import.meta.dirname, '..')
const TSX = join(ROOT, 'node_modules/.bin/tsx')

/** The first ```ts block under the guide's "A first server (Node)" heading. */
function firstExample(): string {
  const guide = readFileSync(join(ROOT, 'docs/guides/getting-started.md'), 'utf8')
  const section = guide.slice(guide.indexOf('## A first server (Node)'))
  const match = /```ts\n([\s\S]*?)```/.exec(section)
  if (!match) throw new Error('getting-started.md has no ```ts block under "A first server"')
  return match[1]!
}

/** Starts `npx tsx server.ts` in `cwd` and resolves with the URL it prints. */
function start(cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(TSX, ['server.ts'], {
    cwd,
    env: { ...process.env, PORT: '0', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer) => (output += chunk.toString())
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server.ts printed no URL:\n${output}`)),
      20_000
    )
    child.stdout!.on('data', () => {
      const match = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (!match) return
      clearTimeout(timer)
      resolve({ child, url: match[1]!, output: () => output })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server.ts exited with ${code}:\n${output}`))
    })
  })
}

describe('a new user', () => {
  let dir: string
  let tarballFiles: string[] = []
  let server: Awaited<ReturnType<typeof start>> | undefined

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'response-kit-new-user-'))
    const clone = join(dir, 'clone')
    const app = join(dir, 'app')

    // A clean checkout of the working tree: what git tracks (or would track), nothing built.
    const { stdout } = await run(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      {
        cwd: ROOT,
        maxBuffer: 16 << 20,
      }
    )
    for (const file of stdout.split('\0').filter(Boolean)) {
      try {
        mkdirSync(dirname(join(clone, file)), { recursive: true })
        cpSync(join(ROOT, file), join(clone, file))
      } catch (error) {
        // A file deleted in the working tree but still in git's index is not part of a clone.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
    }
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir')

    // `npm pack` runs `prepack`: without it the tarball would hold no dist/.
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: clone,
      maxBuffer: 16 << 20,
    })
    const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as {
      filename: string
      files: { path: string }[]
    }[]
    tarballFiles = pack!.files.map((f) => f.path)

    mkdirSync(app)
    writeFileSync(
      join(app, 'package.json'),
      '{ "name": "app", "private": true, "type": "module" }\n'
    )
    await run(
      'npm',
      ['install', join(dir, pack!.filename), '--prefer-offline', '--no-audit', '--no-fund'],
      { cwd: app }
    )
    writeFileSync(join(app, 'server.ts'), firstExample())
    server = await start(app)
  }, 180_000)

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      const exited = new Promise((resolve) => server!.child.once('exit', resolve))
      server.child.kill('SIGTERM')
      await exited
    }
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('gets a tarball with the built code from npm pack', () => {
    expect(tarballFiles).toContain('dist/index.js')
    expect(tarballFiles).toContain('dist/node.cjs')
    expect(tarballFiles).toContain('dist/index.d.ts')
  })

  it("runs the guide's first example, which prints its URL and answers curl", async () => {
    const { stdout: hello } = await run('curl', ['-sS', '-i', `${server!.url}/hello`])
    const [head, body] = hello.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(head).toMatch(/^content-type: application\/json$/m)
    expect(head).toMatch(/^content-length: 17$/m)
    expect(head).toMatch(/^cache-control: no-store$/m)
    expect(body).toBe('{"path":"/hello"}')
    const { stdout: health } = await run('curl', ['-sS', `${server!.url}/health`])
    expect(health).toBe('ok')
  })

  it('stops the example on SIGTERM', async () => {
    const exited = new Promise<unknown>((resolve) => server!.child.once('exit', resolve))
    server!.child.kill('SIGTERM')
    await exited
    expect(server!.child.exitCode !== null || server!.child.signalCode !== null).toBe(true)
  })
})
