import { writeFileSync } from 'node:fs';
import { launch, freshPage, waitUntilQuiet } from './browser';
import { startStaticServer } from '../scripts/static-server';
import { startTracing, contentScriptTime } from './trace';
import { extensionDir } from '../scripts/chromium';
import { plainPage } from './pages';
const server = await startStaticServer({ routes: { '/plain.html': plainPage() } });
const ext = await launch(extensionDir());
for (let i = 0; i < 3; i++) {
const { page, cdp } = await freshPage(ext);
const tr = await startTracing(cdp);
await page.goto(server.url('/plain.html'));
await waitUntilQuiet(cdp);
const ev = await tr.stop();
writeFileSync('/tmp/bx/t3.json', JSON.stringify(ev));
const c = ev.filter((e) => e.name === 'v8.compile' && (e.args?.data?.url ?? '').includes('content.js'));
console.log(contentScriptTime(ev, ext.extensionOrigin).ms.toFixed(1), 'compile', c.map((e) => ((e.dur ?? 0) / 1000).toFixed(1)));
}
await ext.close(); await server.close();
