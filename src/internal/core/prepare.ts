/**
 * The one `prepare` step every adapter and `defaultResponseClass` run before a response is
 * sent (docs/architecture.md, "Prepare"). One rule: only response-kit instances are prepared
 * (a foreign `Response` is sent as it is). Their `prepare(request)` runs (Range and
 * conditional GET for files), then a streaming body reads ahead to its first chunk, so a
 * producer that fails before producing anything fails here, while the response can still be
 * an error response (a 500, an `HTTPException`'s answer, or the framework's error handler)
 * instead of a broken one. Errors are thrown or rejected, never reported: the caller decides
 * what they become.
 *
 * @internal
 * @module
 */
import { isThenable } from './is-response'
import { getState } from './state'

type Preparable = Response & { prepare(request: Request): Response | Promise<Response> }

/**
 * Returns the response to send for `request`: synchronously when nothing waits (the common
 * case), else a promise. @internal
 */
export function prepareResponse(
  response: Response,
  request: Request
): Response | Promise<Response> {
  if (getState(response) === undefined) return response
  const prepared = (response as Preparable).prepare(request)
  if (isThenable(prepared)) return Promise.resolve(prepared).then((ready) => prime(ready, request))
  return prime(prepared, request)
}

/** Reads ahead a streaming body's first chunk (not for HEAD: nothing will be sent). */
function prime(response: Response, request: Request): Response | Promise<Response> {
  const body = getState(response)?.stream
  if (body == null || request.method === 'HEAD') return response
  const primed = body.prime()
  return primed === undefined ? response : primed.then(() => response)
}
