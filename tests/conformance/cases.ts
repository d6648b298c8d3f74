/**
 * The conformance table: one line per scenario, for every class of the root entry. Each case
 * builds a response-kit instance and states the status, headers and bytes a native `Response`
 * must be built from to behave the same. Adding a class is adding a line here (`stream: true`
 * builds the native twin from a `ReadableStream`); every accessor test, both modes and the HTTP
 * run through each adapter pick it up. The table is exempt from Prettier to stay one line each.
 */
import type { Kit } from '../helpers/load-kit'

export type Pairs = [string, string][]

export interface ConformanceCase {
  /** `<ExportName> <scenario>`; used as the describe title. */
  name: string
  make: (kit: Kit) => Response
  /** The bytes the body holds, or null for no body at all. */
  body: string | Uint8Array | null
  headers: Pairs
  status?: number
  statusText?: string
  /** Build the native twin's body as a stream (for streaming classes). */
  stream?: boolean
}

const text = (type: string, length: number): Pairs => [
  ['content-length', String(length)],
  ['content-type', type],
]
const PLAIN = 'text/plain; charset=utf-8'
const HTML = 'text/html; charset=utf-8'
const JSON_TYPE = 'application/json'
const bytes = (...values: number[]) => new Uint8Array(values)
const MULTIPART =
  '--X\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n' +
  '--X\r\nContent-Disposition: form-data; name="f"; filename="f.txt"\r\n' +
  'Content-Type: text/plain\r\n\r\nhello\r\n--X--\r\n'

// prettier-ignore
export const cases: ConformanceCase[] = [
  { name: 'BaseResponse string', make: (k) => new k.BaseResponse('hi'), body: 'hi', headers: [['content-length', '2']] },
  { name: 'BaseResponse empty', make: (k) => new k.BaseResponse(), body: null, headers: [['content-length', '0']] },
  { name: 'BaseResponse form-urlencoded', make: (k) => new k.BaseResponse('a=1&b=%C3%A9', { mediaType: 'application/x-www-form-urlencoded' }), body: 'a=1&b=%C3%A9', headers: text('application/x-www-form-urlencoded', 12) },
  { name: 'BaseResponse multipart', make: (k) => new k.BaseResponse(new TextEncoder().encode(MULTIPART), { mediaType: 'multipart/form-data; boundary=X' }), body: MULTIPART, headers: text('multipart/form-data; boundary=X', MULTIPART.length) },
  { name: 'PlainTextResponse ascii', make: (k) => new k.PlainTextResponse('hello'), body: 'hello', headers: text(PLAIN, 5) },
  { name: 'PlainTextResponse non-ascii with status', make: (k) => new k.PlainTextResponse('héllo ♥ 😀', { status: 201, statusText: 'Created', headers: { 'X-Trace': ' abc ' } }), body: 'héllo ♥ 😀', status: 201, statusText: 'Created', headers: [...text(PLAIN, 15), ['x-trace', 'abc']] },
  { name: 'PlainTextResponse empty string', make: (k) => new k.PlainTextResponse(''), body: '', headers: text(PLAIN, 0) },
  { name: 'PlainTextResponse bytes', make: (k) => new k.PlainTextResponse(bytes(104, 105)), body: bytes(104, 105), headers: text(PLAIN, 2) },
  { name: 'PlainTextResponse DataView slice', make: (k) => new k.PlainTextResponse(new DataView(bytes(0, 111, 107, 0).buffer, 1, 2)), body: 'ok', headers: text(PLAIN, 2) },
  { name: 'PlainTextResponse ArrayBuffer', make: (k) => new k.PlainTextResponse(bytes(0xc3, 0xa9).buffer), body: 'é', headers: text(PLAIN, 2) },
  { name: 'PlainTextResponse text/csv media type', make: (k) => new k.PlainTextResponse('a,b', { mediaType: 'text/csv' }), body: 'a,b', headers: text('text/csv; charset=utf-8', 3) },
  { name: 'PlainTextResponse latin1 charset bytes', make: (k) => new k.PlainTextResponse(bytes(0xe9), { charset: 'latin1' }), body: bytes(0xe9), headers: text('text/plain; charset=latin1', 1) },
  { name: 'PlainTextResponse 205', make: (k) => new k.PlainTextResponse(null, { status: 205 }), body: null, status: 205, headers: text(PLAIN, 0) },
  { name: 'PlainTextResponse 304', make: (k) => new k.PlainTextResponse(null, { status: 304 }), body: null, status: 304, headers: [['content-type', PLAIN]] },
  { name: 'PlainTextResponse with cookies', make: (k) => new k.PlainTextResponse('c').setCookie('a', '1').deleteCookie('b'), body: 'c', headers: [...text(PLAIN, 1), ['set-cookie', 'a=1; Path=/; SameSite=Lax'], ['set-cookie', 'b=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax']] },
  { name: 'PlainTextResponse Headers with set-cookie', make: (k) => new k.PlainTextResponse('c', { headers: new Headers([['set-cookie', 'x=1'], ['set-cookie', 'y=2'], ['vary', 'a'], ['vary', 'b']]) }), body: 'c', headers: [...text(PLAIN, 1), ['set-cookie', 'x=1'], ['set-cookie', 'y=2'], ['vary', 'a, b']] },
  { name: 'PlainTextResponse background', make: (k) => new k.PlainTextResponse('bg', { background: () => undefined }), body: 'bg', headers: text(PLAIN, 2) },
  { name: 'HTMLResponse', make: (k) => new k.HTMLResponse('<h1>é</h1>'), body: '<h1>é</h1>', headers: text(HTML, 11) },
  { name: 'HTMLResponse 404', make: (k) => new k.HTMLResponse('<p>gone</p>', { status: 404 }), body: '<p>gone</p>', status: 404, headers: text(HTML, 11) },
  { name: 'JSONResponse object', make: (k) => new k.JSONResponse({ a: 'é', b: [1, null, true] }), body: '{"a":"é","b":[1,null,true]}', headers: text(JSON_TYPE, 28) },
  { name: 'JSONResponse string', make: (k) => new k.JSONResponse('hi'), body: '"hi"', headers: text(JSON_TYPE, 4) },
  { name: 'JSONResponse undefined', make: (k) => new k.JSONResponse(undefined), body: 'null', headers: text(JSON_TYPE, 4) },
  { name: 'JSONResponse caller content-type', make: (k) => new k.JSONResponse([1], { headers: { 'content-type': 'application/vnd.api+json' } }), body: '[1]', headers: text('application/vnd.api+json', 3) },
  { name: 'JSONResponse no media type', make: (k) => new k.JSONResponse(1, { mediaType: null }), body: '1', headers: [['content-length', '1']] },
  { name: 'JSONResponse 204', make: (k) => new k.JSONResponse(null, { status: 204 }), body: null, status: 204, headers: [['content-type', JSON_TYPE]] },
  { name: 'JSONResponse 500', make: (k) => new k.JSONResponse({ detail: 'x' }, { status: 500 }), body: '{"detail":"x"}', status: 500, headers: text(JSON_TYPE, 14) },
  { name: 'RedirectResponse default', make: (k) => new k.RedirectResponse('/I ♥ x/'), body: null, status: 307, headers: [['content-length', '0'], ['location', '/I%20%E2%99%A5%20x/']] },
  { name: 'RedirectResponse 303 URL', make: (k) => new k.RedirectResponse(new URL('https://a.example/p?q=1'), { status: 303 }), body: null, status: 303, headers: [['content-length', '0'], ['location', 'https://a.example/p?q=1']] },
  { name: 'RedirectResponse 308', make: (k) => new k.RedirectResponse('/x', { status: 308 }), body: null, status: 308, headers: [['content-length', '0'], ['location', '/x']] },
  // Streaming classes (issues 3 and 4): the native twin gets the same bytes as a stream.
  { name: 'StreamingResponse chunks', make: (k) => new k.StreamingResponse(['a', new Uint8Array([98])]), body: 'ab', headers: [], stream: true },
  { name: 'StreamingResponse text/plain', make: (k) => new k.StreamingResponse(['é'], { mediaType: 'text/plain' }), body: 'é', headers: [['content-type', PLAIN]], stream: true },
  { name: 'NDJSONResponse', make: (k) => new k.NDJSONResponse([{ a: 1 }, 2]), body: '{"a":1}\n2\n', headers: [['content-type', 'application/x-ndjson']], stream: true },
  { name: 'SSEResponse', make: (k) => new k.SSEResponse([{ data: 'hi', event: 'x' }]), body: 'event: x\ndata: hi\n\n', headers: [['cache-control', 'no-cache'], ['content-type', 'text/event-stream; charset=utf-8'], ['x-accel-buffering', 'no']], stream: true },
]

// prettier-ignore
/** Bad input: each must throw this error class with a message naming the field, in both modes. */
export const badInput: [name: string, make: (kit: Kit) => unknown, error: typeof Error, message: RegExp][] = [
  ['status 199', (k) => new k.JSONResponse({}, { status: 199 }), RangeError, /status must be an integer from 200 to 599/],
  ['status 600', (k) => new k.PlainTextResponse('', { status: 600 }), RangeError, /status must be an integer/],
  ['redirect status 200', (k) => new k.RedirectResponse('/', { status: 200 }), RangeError, /301, 302, 303, 307 or 308/],
  ['CR/LF in a header value', (k) => new k.HTMLResponse('', { headers: { 'x-a': 'a\r\nb: c' } }), TypeError, /Header "x-a" must not contain CR, LF, NUL/],
  ['NUL in a header value', (k) => new k.HTMLResponse('', { headers: [['x-a', 'a\0']] }), TypeError, /Header "x-a"/],
  ['a header value above U+00FF', (k) => new k.HTMLResponse('', { headers: { 'x-a': '♥' } }), TypeError, /Header "x-a"/],
  ['LF in the media type', (k) => new k.BaseResponse('', { mediaType: 'text/x\n' }), TypeError, /^mediaType must not contain/],
  ['CR in the charset', (k) => new k.BaseResponse(new Uint8Array(), { mediaType: 'text/x', charset: 'a\r' }), TypeError, /^charset must not contain/],
  ['LF in a cookie path', (k) => new k.PlainTextResponse('').setCookie('a', 'b', { path: '/\n' }), TypeError, /^cookie path must not contain/],
  ['a cookie name with a separator', (k) => new k.PlainTextResponse('').setCookie('a;b', 'c'), TypeError, /^Cookie name must be a token/],
  ['a BigInt in JSON', (k) => new k.JSONResponse({ a: [1n] }), TypeError, /at \$\.a\[0\]/],
  ['a cycle in JSON', (k) => { const a: unknown[] = []; a.push(a); return new k.JSONResponse(a) }, TypeError, /at \$\[0\]/],
  ['NaN with nonFinite error', (k) => new k.JSONResponse(NaN, { nonFinite: 'error' }), TypeError, /JSON cannot represent NaN/],
  ['a number as HTML', (k) => new k.HTMLResponse(1 as unknown as string), TypeError, /^HTMLResponse content must be a string or bytes, got number/],
  ['an object as text', (k) => new k.PlainTextResponse({} as unknown as string), TypeError, /^PlainTextResponse content must be a string or bytes, got Object/],
  ['content on a 204', (k) => new k.PlainTextResponse('x', { status: 204 }), TypeError, /A 204 response must not have a body/],
  ['content on a 205', (k) => new k.JSONResponse({}, { status: 205 }), TypeError, /A 205 response must not have a body/],
]
