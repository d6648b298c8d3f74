/**
 * Test helper: HTTP/2 over TLS for the adapters. `makeCertificate()` generates a throw-away
 * self-signed P-256 certificate with the system `openssl`; `startH2Server(adapter, handler)`
 * serves a fetch-style handler on `node:http2`'s secure server (with `allowHTTP1`) through
 * response-kit/node, the response-kit/express handler, or response-kit/hono under
 * @hono/node-server; `h2Fetch` and `curl` are the two real clients.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import http2 from 'node:http2'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Hono } from 'hono'
import { createAdaptorServer } from '@hono/node-server'
import { toNodeListener } from '../../src/adapters/node'
import { toExpressHandler, type ExpressRequest } from '../../src/adapters/express'
import { honoHandler } from '../../src/adapters/hono'

const run = promisify(execFile)

export type H2Adapter = 'node' | 'express' | 'hono'
export const H2_ADAPTERS: readonly H2Adapter[] = ['node', 'express', 'hono']

export type H2Handler = (request: Request) => Response | Promise<Response>

export interface Certificate {
  key: Buffer
  cert: Buffer
  /** Removes the temporary directory holding the key and certificate. */
  remove(): Promise<void>
}

/** A self-signed certificate for `localhost` and `127.0.0.1`, valid for one day. */
export async function makeCertificate(): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), 'rk-h2-cert-'))
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  // prettier-ignore
  await run('/usr/bin/openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-days', '1', '-keyout', keyFile, '-out', certFile,
  ])
  const [key, cert] = await Promise.all([readFile(keyFile), readFile(certFile)])
  return { key, cert, remove: () => rm(dir, { recursive: true, force: true }) }
}

export interface H2Server {
  /** `https://127.0.0.1:<port>` */
  url: string
  /** Closes the server and destroys every open session and socket. */
  close(): Promise<void>
}

type CompatListener = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void

/**
 * The listener for one adapter. Express 5's `app` cannot be mounted here: `app.handle` swaps
 * the prototypes of `req`/`res` for ones built on `http.IncomingMessage`/`http.ServerResponse`
 * (express/lib/application.js), which removes the HTTP/2 compat getters and methods. So the
 * response-kit Express handler runs on its own, as Express would call it, with a `next` that
 * answers 500.
 */
function listenerFor(adapter: 'node' | 'express', handler: H2Handler): CompatListener {
  if (adapter === 'node') return toNodeListener(handler) as CompatListener
  const expressHandler = toExpressHandler(handler)
  return (req, res) => {
    const next = (error?: unknown) => {
      res.statusCode = 500
      res.end(`next(${String(error)})`)
    }
    expressHandler(req as unknown as ExpressRequest, res as never, next)
  }
}

/** Starts `handler` behind `adapter` on an HTTP/2 secure server (HTTP/1.1 allowed via ALPN). */
export async function startH2Server(
  adapter: H2Adapter,
  handler: H2Handler,
  certificate: Certificate
): Promise<H2Server> {
  const tls = { key: certificate.key, cert: certificate.cert, allowHTTP1: true }
  let server: http2.Http2SecureServer
  if (adapter === 'hono') {
    const app = new Hono()
    app.all('*', honoHandler(handler))
    server = createAdaptorServer({
      fetch: app.fetch,
      createServer: http2.createSecureServer,
      serverOptions: tls,
      overrideGlobalObjects: false,
    }) as http2.Http2SecureServer
  } else {
    server = http2.createSecureServer(tls, listenerFor(adapter, handler))
  }
  const sessions = new Set<http2.ServerHttp2Session>()
  const sockets = new Set<Socket>()
  server.on('session', (session) => {
    sessions.add(session)
    session.once('close', () => sessions.delete(session))
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const session of sessions) session.destroy()
        for (const socket of sockets) socket.destroy()
      }),
  }
}

export interface H2Result {
  status: number
  /** Every response header as received (no pseudo-headers). */
  headers: Record<string, string | string[]>
  body: Buffer
}

/** Opens an HTTP/2 session to `url` that trusts `certificate` (and only it). */
export function h2Connect(url: string, certificate: Certificate): http2.ClientHttp2Session {
  const session = http2.connect(url, { ca: certificate.cert, servername: 'localhost' })
  // A session error also fails the request the test awaits; this keeps it from being unhandled.
  session.on('error', () => {})
  return session
}

/** One request with Node's HTTP/2 client; resolves with the whole response. */
export async function h2Fetch(
  url: string,
  certificate: Certificate,
  path = '/',
  headers: http2.OutgoingHttpHeaders = {}
): Promise<H2Result> {
  const session = h2Connect(url, certificate)
  try {
    return await new Promise<H2Result>((resolve, reject) => {
      const req = session.request({ ':path': path, ...headers })
      const chunks: Buffer[] = []
      let head: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader = {}
      req.on('response', (h) => (head = h))
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('error', reject)
      req.on('end', () => {
        const out: Record<string, string | string[]> = {}
        for (const [name, value] of Object.entries(head)) {
          if (!name.startsWith(':') && value !== undefined) out[name] = value as string | string[]
        }
        resolve({ status: Number(head[':status']), headers: out, body: Buffer.concat(chunks) })
      })
      req.end()
    })
  } finally {
    session.close()
  }
}

export interface CurlResult {
  /** The protocol of the status line, e.g. `HTTP/2`. */
  protocol: string
  status: number
  /** Response headers, names lower-cased, values in order. */
  headers: Record<string, string[]>
  body: Buffer
}

/** Runs `curl -k -sS -i` with `args` and splits what it prints into head and body. */
export async function curl(url: string, args: readonly string[]): Promise<CurlResult> {
  const argv = ['-k', '-sS', '-i', '--max-time', '10', ...args, url]
  let stdout: Buffer
  try {
    ;({ stdout } = await run('curl', argv, { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }))
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? ''
    throw new Error(`curl ${args.join(' ')} failed: ${stderr || String(error)}`, { cause: error })
  }
  const end = stdout.indexOf('\r\n\r\n')
  const lines = stdout.subarray(0, end).toString('latin1').split('\r\n')
  const [protocol = '', status = '0'] = lines[0]!.split(' ')
  const headers: Record<string, string[]> = {}
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':')
    const name = line.slice(0, colon).toLowerCase()
    ;(headers[name] ??= []).push(line.slice(colon + 1).trim())
  }
  return { protocol, status: Number(status), headers, body: stdout.subarray(end + 4) }
}

/** True when the local curl was built with HTTP/2 (`curl -V` lists the HTTP2 feature). */
export async function curlHasHTTP2(): Promise<boolean> {
  const { stdout } = await run('curl', ['-V'])
  return /^Features:.*\bHTTP2\b/m.test(stdout)
}
