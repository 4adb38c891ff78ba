// A tiny static server on 127.0.0.1 for the demo and the tests: tests/pages/ at /, and, when it
// exists, ../shared/corpus/ at /corpus/ (real pages the tests read but the project never copies).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGES_DIR = join(ROOT, 'tests', 'pages');
export const CORPUS_DIR = join(ROOT, '..', 'shared', 'corpus');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.story': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function resolvePath(urlPath: string): string | null {
  const decoded = decodeURIComponent(urlPath);
  const [base, rest] = decoded.startsWith('/corpus/') ? [CORPUS_DIR, decoded.slice('/corpus/'.length)] : [PAGES_DIR, decoded];
  const full = normalize(join(base, rest));
  return full === base || full.startsWith(base + sep) ? full : null;
}

/** Serves until close(). `routes` answers chosen paths with generated HTML (tests, SPA demos). */
export type Route = string | ((url: URL) => string);

export interface StaticServer {
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

export async function startStaticServer({ port = 0, routes = {} }: { port?: number; routes?: Record<string, Route> } = {}): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes[url.pathname];
    if (route) {
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(typeof route === 'function' ? route(url) : route);
      return;
    }
    let file = resolvePath(url.pathname);
    try {
      if (file && (await stat(file)).isDirectory()) file = join(file, 'index.html');
      if (!file) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      // SPA pages route on the client: unknown paths under an app folder get its index.html.
      const app = url.pathname.match(/^\/(\w[\w-]*-app)\//);
      if (app?.[1]) {
        res.writeHead(200, { 'content-type': TYPES['.html'] });
        res.end(await readFile(join(PAGES_DIR, app[1], 'index.html')));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    url: (path: string) => new URL(path, origin).href,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
