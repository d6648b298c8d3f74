/**
 * The one `prepare` step every adapter and `defaultResponseClass` run before a response is
 * sent (docs/architecture.md, "Prepare"), with one rule: only response-kit instances are
 * prepared; a foreign `Response` is sent as it is. Errors are thrown or rejected, never
 * reported: the caller decides what they become (a 500 on Node, `next(err)` on Express,
 * Hono's `onError`).
 *
 * @internal
 * @module
 */
import { getState } from './state'

type Preparable = Response & { prepare(request: Request): Response | Promise<Response> }

/** Returns the response to send for `request`, synchronously when nothing waits. @internal */
export function prepareResponse(
  response: Response,
  request: Request
): Response | Promise<Response> {
  if (getState(response) === undefined) return response
  return (response as Preparable).prepare(request)
}
