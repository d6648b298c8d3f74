/**
 * Test helper: starts one example the way a reader would (`tsx examples/<name>.ts` with
 * `PORT=0`), waits for the URL it prints, and stops it with SIGTERM, checking it exits cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface RunningExample {
  /** The base URL the example printed, e.g. `http://127.0.0.1:40123`. */
  url: string
  /** Everything the example wrote to stdout and stderr so far. */
  output(): string
  /**
   * Sends SIGTERM and resolves with the exit code (null when killed by a signal): SIGKILL follows
   * after `graceMs` (default 5 s) if the example has not exited.
   */
  stop(graceMs?: number): Promise<number | null>
}

/** Starts `examples/<file>` and resolves once it prints `http://127.0.0.1:<port>`. */
export function startExample(
  file: string,
  env: Record<string, string> = {},
  timeoutMs = 20_000,
  // `node --import tsx` runs the file in this one process, so SIGTERM reaches the example itself.
  command: string[] = [process.execPath, '--import', 'tsx']
): Promise<RunningExample> {
  const child = spawn(command[0]!, [...command.slice(1), file], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: '0', NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${file} printed no URL within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = () => {
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output)
      if (!match) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      resolve({ url: match[0], output: () => output, stop: (graceMs) => stop(child, graceMs) })
    }
    child.stdout.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${file} exited with ${code} before printing a URL:\n${output}`))
    })
  })
}

function stop(child: ChildProcess, graceMs = 5_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.removeAllListeners('exit')
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve(code)
    })
    child.kill('SIGTERM')
  })
}
