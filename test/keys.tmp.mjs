import { startOtlpReceiver, runApp } from '@otelkit/testing';
const rx = await startOtlpReceiver();
const app = runApp({ entry: process.argv[2], preload: 'require', env: { OTEL_EXPORTER_OTLP_ENDPOINT: rx.url, OTEL_BSP_SCHEDULE_DELAY: '100', PORT: '0' }, timeoutMs: 20000 });
const m = await app.waitForOutput(/listening on http:\/\/[\d.]+:(\d+)/);
await fetch(`http://127.0.0.1:${m[1]}/orders/42?x=1`, { headers: { 'user-agent': 'ua' } });
await fetch(`http://127.0.0.1:${m[1]}/boom`);
await new Promise(r => setTimeout(r, 600));
for (const s of rx.spans().filter(s => s.kind === 2)) console.log(s.name, JSON.stringify(s.attributes), JSON.stringify(s.status), s.scope.name);
app.kill('SIGKILL'); await rx.close();
