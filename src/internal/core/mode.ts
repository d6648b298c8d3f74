/**
 * Picks how instances hold their body (docs/architecture.md, "Every instance is a real
 * Response" and "The raw body kept aside").
 *
 * On Node every consumer of a `Response` (our adapters, `@hono/node-server`, Next.js, undici)
 * reads it through the JavaScript accessors, so instances are built with `super(null, …)` and
 * the body and headers are created only when read: construction then costs a small fraction of
 * what a native body stream costs (figures in bench/README.md, from bench/construction.bench.ts).
 * Bun, Deno, workerd and edge-runtime servers read the native internal slots instead, so there
 * the real body and headers reach `super` ("eager" mode).
 *
 * `globalThis[Symbol.for('response-kit.lazy')] = false` before the first import forces eager
 * mode (the tests use it to run the conformance suite in both modes).
 *
 * @internal
 * @module
 */

interface RuntimeGlobals {
  process?: { versions?: { node?: unknown } }
  navigator?: { userAgent?: unknown }
  Bun?: unknown
  Deno?: unknown
  EdgeRuntime?: unknown
}

/** True where the lazy body is safe: Node proper, and nothing that only looks like it. @internal */
export function detectLazyMode(): boolean {
  const g = globalThis as RuntimeGlobals & Record<symbol, unknown>
  const forced = g[Symbol.for('response-kit.lazy')]
  if (typeof forced === 'boolean') return forced
  if (typeof g.process?.versions?.node !== 'string') return false
  // Bun and Deno expose `process.versions.node` for compatibility; workerd does with nodejs_compat.
  if (g.Bun !== undefined || g.Deno !== undefined || g.EdgeRuntime !== undefined) return false
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return false
  return true
}

/** The mode this copy of the library runs in, fixed at load. @internal */
export const LAZY: boolean = /* @__PURE__ */ detectLazyMode()
