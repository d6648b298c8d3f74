/**
 * Test helper: a real `redis-server` on a free port of 127.0.0.1 with persistence off,
 * stopped by the test that started it; `restart()` stops it and starts it again on the same
 * port (with persistence off, a restart loses every key, as a crash would).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'

export interface RedisServer {
  port: number
  url: string
  /** Stops the server (SIGTERM, then waits for the exit). */
  stop(): Promise<void>
  /** Stops it and starts it again on the same port, empty. */
  restart(): Promise<void>
}

const BINARY = '/usr/bin/redis-server'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.end()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    BINARY,
    ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'],
    { stdio: 'ignore' }
  )
  const deadline = Date.now() + 10_000
  while (!(await reachable(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server did not listen on ${port}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return child
}

function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** Starts a redis-server for one test file. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  let child = await launch(port)
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => halt(child),
    async restart() {
      await halt(child)
      child = await launch(port)
    },
  }
}
