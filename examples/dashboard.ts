/**
 * An HTML dashboard: `HTMLResponse` serves the page, `SSEResponse` pushes a sample of the
 * server's metrics every second, and the page updates itself with `EventSource`. The stream
 * ends when the tab closes (the generator's `finally` runs) and `EventSource` reconnects with
 * `Last-Event-ID` after a network blip, continuing the numbering.
 *
 *   npm run example -- examples/dashboard.ts
 *   open http://127.0.0.1:PORT/
 *   curl -N http://127.0.0.1:PORT/metrics
 */
import { HTMLResponse, PlainTextResponse, SSEResponse, lastEventId } from 'response-kit'
import { serve } from './_shared/serve'

const INTERVAL_MS = Number(process.env.DASHBOARD_INTERVAL_MS ?? 1000)
const started = Date.now()
let viewers = 0

const page = `<!doctype html>
<meta charset="utf-8">
<title>Dashboard</title>
<style>
  body { font: 16px system-ui, sans-serif; margin: 2rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.5rem; }
  dd { margin: 0; font-family: ui-monospace, monospace; }
</style>
<h1>Server dashboard</h1>
<dl>
  <dt>sample</dt><dd id="id">–</dd>
  <dt>uptime</dt><dd id="uptime">–</dd>
  <dt>memory (rss)</dt><dd id="rss">–</dd>
  <dt>viewers</dt><dd id="viewers">–</dd>
</dl>
<script>
  const source = new EventSource('/metrics')
  source.addEventListener('metrics', (event) => {
    const m = JSON.parse(event.data)
    document.getElementById('id').textContent = event.lastEventId
    document.getElementById('uptime').textContent = m.uptime + ' s'
    document.getElementById('rss').textContent = (m.rss / 1048576).toFixed(1) + ' MiB'
    document.getElementById('viewers').textContent = m.viewers
  })
</script>`

async function* metrics(firstId: number) {
  viewers++
  try {
    for (let id = firstId; ; id++) {
      yield {
        id,
        event: 'metrics',
        data: {
          uptime: Math.round((Date.now() - started) / 1000),
          rss: process.memoryUsage.rss(),
          viewers,
        },
      }
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS))
    }
  } finally {
    viewers-- // the tab closed or the connection dropped
  }
}

await serve('dashboard', (request) => {
  const { pathname } = new URL(request.url)
  if (pathname === '/') return new HTMLResponse(page)
  if (pathname === '/metrics') {
    // A reconnecting EventSource sends the last id it saw; continue after it.
    const last = Number(lastEventId(request) ?? 0)
    const next = Number.isSafeInteger(last) && last >= 0 ? last + 1 : 1
    return new SSEResponse(metrics(next), { retry: 1000 })
  }
  return new PlainTextResponse('not found', { status: 404 })
})
