/**
 * Starts a runtime-matrix server as a child process and waits until it listens. A runtime that
 * cannot start throws with its command, exit code and output: the suite fails loudly, it never
 * skips. Children bind 127.0.0.1, stop on close(), and stop themselves if the harness dies
 * (stdin closes) or after their lifetime.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ROOT } from './bundle'
import { LISTENING } from './servers/lifetime'

export type RuntimeName = 'node22' | 'node24' | 'bun' | 'deno' | 'workerd'

/**
 * Binary and version of an installed runtime (from .runtimes/runtimes.json). When the runtimes
 * are not installed yet (a fresh clone running one suite), runs scripts/install-runtimes.mjs
 * first, under flock so parallel test workers install once; a failure throws, loudly.
 */
export function runtime(name: RuntimeName): { bin: string; version: string } {
  const dir = join(ROOT, '.runtimes')
  const file = join(dir, 'runtimes.json')
  const read = () =>
    existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { bin: string; version: string }>)
      : {}
  let entry = read()[name]
  if (!entry || !existsSync(entry.bin)) {
    mkdirSync(dir, { recursive: true })
    const script = join(ROOT, 'scripts', 'install-runtimes.mjs')
    execFileSync('flock', [join(dir, '.install.lock'), process.execPath, script], {
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    entry = read()[name]
  }
  if (!entry) throw new Error(`runtime ${name} is not in ${file} after installing`)
  return entry
}

export interface RunningServer {
  url: string
  output(): string
  close(): Promise<void>
}

interface StartOptions {
  env?: Record<string, string>
  /** Wait for this port to accept connections instead of a LISTENING line (workerd). */
  port?: number
  timeoutMs?: number
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => (clearTimeout(force), resolve()))
    child.stdin?.end()
    child.kill('SIGTERM')
  })
}

/** Spawns `command args` and resolves once it listens; rejects with its output otherwise. */
export async function startServer(
  label: string,
  command: string,
  args: string[],
  options: StartOptions = {}
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject))
  spawnError.catch(() => {})
  const fail = (why: string) =>
    new Error(
      `${label} cannot start (${why}): ${command} ${args.join(' ')}\n--- output ---\n${out}`
    )
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  let url = ''
  while (!url) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw fail(`exited with ${child.exitCode ?? child.signalCode}`)
    if (Date.now() > deadline) {
      await stopChild(child)
      throw fail('timed out waiting for it to listen')
    }
    if (options.port !== undefined) {
      if (await portOpen(options.port)) url = `http://127.0.0.1:${options.port}`
    } else {
      const match = new RegExp(`${LISTENING} (http://127\\.0\\.0\\.1:\\d+)`).exec(out)
      if (match) url = match[1]!
    }
    if (!url) await Promise.race([sleep(50), spawnError])
  }
  return { url, output: () => out, close: () => stopChild(child) }
}

/** A free port on 127.0.0.1 for runtimes that cannot report the port they bound (workerd). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net')
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
