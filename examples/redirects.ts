/**
 * Redirects: `RedirectResponse` with each allowed status, a relative target, and a target
 * containing spaces and non-ASCII characters (percent-encoded for you, so user input cannot
 * inject a header).
 *
 *   npm run example -- examples/redirects.ts
 *   curl -i http://127.0.0.1:PORT/old-page            → 301, location: /new-page
 *   curl -i 'http://127.0.0.1:PORT/search?q=I ♥ JS'   → 307, location: /results/I%20%E2%99%A5%20JS
 *   curl -iL http://127.0.0.1:PORT/login              → 303 then 200
 */
import { HTMLResponse, PlainTextResponse, RedirectResponse } from 'response-kit'
import { serve } from './_shared/serve'

async function handler(request: Request): Promise<Response> {
  const url = new URL(request.url)
  switch (url.pathname) {
    case '/old-page':
      // Moved for good: browsers and search engines update their links.
      return new RedirectResponse('/new-page', { status: 301 })
    case '/new-page':
      return new HTMLResponse('<!doctype html><title>New page</title><h1>The new page</h1>')
    case '/search':
      // The default is 307: the method and body are kept.
      return new RedirectResponse(`/results/${url.searchParams.get('q') ?? ''}`)
    case '/login':
      // After a form POST, 303 tells the client to GET the next page.
      return new RedirectResponse('/welcome', {
        status: 303,
        headers: { 'cache-control': 'no-store' },
      }).setCookie('session', 'demo', { httpOnly: true })
    case '/welcome':
      return new PlainTextResponse('welcome back')
    case '/docs':
      // An absolute URL works too; 308 is the permanent twin of 307.
      return new RedirectResponse('https://example.com/docs/', { status: 308 })
    default:
      if (url.pathname.startsWith('/results/'))
        return new PlainTextResponse(`results for ${decodeURIComponent(url.pathname.slice(9))}`)
      return new PlainTextResponse('not found', { status: 404 })
  }
}

await serve('redirects', handler)
