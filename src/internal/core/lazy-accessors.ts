/**
 * The body and header accessors of lazy mode (see `mode.ts`): each behaves exactly as on a
 * native `Response` built from the same bytes, because each delegates to one, built on first
 * use. Installed on `BaseResponse.prototype` only in lazy mode.
 *
 * @internal
 * @module
 */
import { bodyInitFor, contentTypeOf } from './native-body'
import { getState, STATE, type ResponseState } from './state'

type BodyMethod = 'text' | 'json' | 'arrayBuffer' | 'blob' | 'formData' | 'bytes'

function stateOf(response: Response): ResponseState {
  const state = getState(response)
  if (state === undefined) throw new TypeError('Illegal invocation: not a response-kit instance')
  return state
}

/** The response's headers; builds the `Headers` from the pairs on first read. @internal */
export function materialisedHeaders(state: ResponseState): Headers {
  if (state.headers === null) {
    state.headers = new Headers(state.pairs ?? [])
    state.pairs = null
  }
  return state.headers
}

/**
 * The native `Response` whose body the accessors read; built on first use. Its own headers do
 * not matter: only `blob()` and `formData()` read a content-type, and they get ours first.
 * @internal
 */
function inner(state: ResponseState, status: number): Response {
  return (state.inner ??= new Response(bodyInitFor(state, status)))
}

/**
 * `blob()` and `formData()` read the content-type when they run (Fetch "get the MIME type"),
 * so the current one (it may have changed since construction) is copied onto the inner one.
 */
function syncContentType(state: ResponseState, target: Response): void {
  const current = contentTypeOf(state)
  if (current == null) target.headers.delete('content-type')
  else target.headers.set('content-type', current)
}

function bodyMethod(name: BodyMethod) {
  const readsType = name === 'blob' || name === 'formData'
  return function (this: Response): Promise<unknown> {
    const state = stateOf(this)
    const target = inner(state, this.status)
    if (readsType) syncContentType(state, target)
    return (target as unknown as Record<BodyMethod, () => Promise<unknown>>)[name]()
  }
}

/** Clones like `Response.prototype.clone`: the copy has the same class, status and headers. */
function clone(this: Response): Response {
  const state = stateOf(this)
  // A disturbed or locked body can only be in `inner`; its native clone throws the native error.
  const hasBody = state.stream !== null || state.inner !== null
  // A streaming body is tee'd by the native clone; a fixed body is shared (it is immutable).
  const innerCopy = hasBody ? inner(state, this.status).clone() : null
  const copy = Reflect.construct(
    Response,
    [null, { status: this.status, statusText: this.statusText }],
    this.constructor
  ) as Response
  const copyState: ResponseState = {
    ...state,
    pairs: null,
    headers: new Headers(materialisedHeaders(state)),
    stream: null,
    inner: innerCopy,
    background: [],
  }
  Object.defineProperty(copy, STATE, { value: copyState })
  return copy
}

/** Installs the lazy accessors on `prototype`. @internal */
export function installLazyAccessors(prototype: object): void {
  const descriptors: PropertyDescriptorMap = {
    headers: {
      get(this: Response) {
        return materialisedHeaders(stateOf(this))
      },
      configurable: true,
    },
    body: {
      get(this: Response) {
        return inner(stateOf(this), this.status).body
      },
      configurable: true,
    },
    bodyUsed: {
      get(this: Response) {
        return stateOf(this).inner?.bodyUsed ?? false
      },
      configurable: true,
    },
    clone: { value: clone, writable: true, configurable: true },
  }
  const methods: BodyMethod[] = ['text', 'json', 'arrayBuffer', 'blob', 'formData']
  if (typeof (Response.prototype as { bytes?: unknown }).bytes === 'function') methods.push('bytes')
  for (const name of methods) {
    descriptors[name] = { value: bodyMethod(name), writable: true, configurable: true }
  }
  Object.defineProperties(prototype, descriptors)
}
