/**
 * The runtime matrix's server side: a tiny fetch router shared by every runtime entry
 * (servers/*.ts). It must stay runtime-agnostic (no node: imports, no runtime globals): the same
 * routes run under Bun.serve, Deno.serve, workerd, edge-runtime and node:http.
 */
import { PlainTextResponse } from 'response-kit'

export type Handler = (request: Request) => Response | Promise<Response>
export type Routes = Record<string, Handler>

/** Serves `routes` by pathname; unknown paths are 404 and a thrown error is a 500 naming it. */
export function router(...tables: Routes[]): Handler {
  const routes: Routes = Object.assign({}, ...tables)
  return async (request) => {
    const { pathname } = new URL(request.url)
    const route = routes[pathname]
    if (!route) return new PlainTextResponse(`no route ${pathname}`, { status: 404 })
    try {
      return await route(request)
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      return new PlainTextResponse(`route ${pathname} threw ${message}`, { status: 500 })
    }
  }
}

/** Deterministic bytes (`i * 7 + 3) % 251`) shared by the file cases and their checks. */
export function patternBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) % 251
  return bytes
}

/** Deterministic JSON-able records (with non-ASCII text) for the compression cases. */
export function sampleRecords(count: number): { id: number; name: string; tags: string[] }[] {
  return Array.from({ length: count }, (_, id) => ({ id, name: `item ${id} é`, tags: ['a', 'ü'] }))
}

/** The lines `/compress/stream` yields, one chunk each. */
export function sampleLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `line ${i}: ` + 'token '.repeat(30) + '\n')
}
