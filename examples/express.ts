/**
 * An Express app (Express 5; `toExpressHandler` works with Express 4 too) whose routes return
 * response-kit classes. `express.json()` runs first and `toExpressHandler` reuses the parsed
 * body, so `request.json()` does not hang on a consumed stream; errors thrown before anything
 * is sent go to Express's error handler through `next(err)`.
 *
 *   npm run example -- examples/express.ts
 *   curl http://127.0.0.1:PORT/api/hello
 *   curl http://127.0.0.1:PORT/api/echo -H 'content-type: application/json' -d '{"a":1}'
 *   curl -N http://127.0.0.1:PORT/api/count
 */
import { createServer } from 'node:http'
import express, { type NextFunction, type Request, type Response } from 'express'
import { JSONResponse, NDJSONResponse, RedirectResponse } from 'response-kit'
import { toExpressHandler } from 'response-kit/express'
import { listen } from './_shared/serve'

const app = express()
app.use(express.json())

app.get(
  '/api/hello',
  toExpressHandler((request) => new JSONResponse({ hello: new URL(request.url).pathname }))
)

app.post(
  '/api/echo',
  toExpressHandler(async (request) => new JSONResponse({ received: await request.json() }))
)

app.get(
  '/api/count',
  toExpressHandler(() => {
    async function* count() {
      for (let n = 1; n <= 3; n++) {
        await new Promise((resolve) => setTimeout(resolve, 10))
        yield { n }
      }
    }
    return new NDJSONResponse(count())
  })
)

app.get(
  '/api/fail',
  toExpressHandler(() => {
    throw new Error('something broke')
  })
)

app.get(
  '/',
  toExpressHandler(() => new RedirectResponse('/api/hello'))
)

// Express's own error handler sees what the fetch-style handlers threw.
app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ error: 'internal', handledBy: 'express', message: error.message })
})

await listen('express', createServer(app))
