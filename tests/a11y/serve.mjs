// A tiny static file server for the audit: serves a built site folder on 127.0.0.1 the
// way a static host would (folder URLs answer with their index.html, unknown paths get the
// site's /404.html with status 404). Not a preview server: no rebuilds, no reload.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function isDir(file) {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

async function send(res, status, file) {
  const body = await readFile(file);
  const type = TYPES[path.extname(file)] ?? "application/octet-stream";
  res.writeHead(status, { "content-type": type, "content-length": body.length });
  res.end(body);
}

async function answer(root, req, res) {
  const { pathname } = new URL(req.url, "http://127.0.0.1");
  let rel;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    rel = null;
  }
  // Refuse anything that would climb out of the site folder.
  const file = rel === null ? null : path.join(root, rel);
  if (file === null || (file !== root && !file.startsWith(root + path.sep))) {
    res.writeHead(400).end();
    return;
  }
  if (await isDir(file)) {
    if (!pathname.endsWith("/")) {
      res.writeHead(301, { location: pathname + "/" }).end();
      return;
    }
    const index = path.join(file, "index.html");
    if (await isFile(index)) return send(res, 200, index);
  } else if (await isFile(file)) {
    return send(res, 200, file);
  }
  const notFound = path.join(root, "404.html");
  if (await isFile(notFound)) return send(res, 404, notFound);
  res.writeHead(404).end();
}

/** Serves `root` on an ephemeral loopback port; resolves to { origin, close }. */
export async function serve(root) {
  const abs = path.resolve(root);
  const server = createServer((req, res) => {
    answer(abs, req, res).catch((err) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
