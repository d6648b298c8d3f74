/**
 * Worker entry (Cloudflare Workers / workerd, and any runtime that takes a module with a
 * default `{ fetch }`): the root entry and `response-kit/file` are edge-safe, so the same
 * app runs here. Serve it with `wrangler dev examples/worker.ts`, or with workerd and a
 * config as in tests/runtimes/examples.test.ts.
 *
 *   curl http://127.0.0.1:8787/json
 */
import { app } from './_shared/edge-app'

export default { fetch: app('workerd') }
