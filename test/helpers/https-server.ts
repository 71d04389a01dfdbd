// A loopback HTTPS server with a self-signed certificate made for the test run, for the page
// fetcher's tests (the fetcher trusts it only through an option that code alone can pass).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

export interface TestHttpsServer {
  port: number;
  /** The server's certificate (PEM), to pass as the fetcher's `ca`. */
  cert: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export type Routes = Record<string, (req: IncomingMessage, res: ServerResponse) => void>;

let certificate: Promise<{ cert: string; key: string }> | undefined;

/** One certificate per test file, valid for the invented host names the tests resolve. */
export function testCertificate(): Promise<{ cert: string; key: string }> {
  certificate ??= selfsigned
    .generate([{ name: 'commonName', value: 'page.test' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'page.test' },
            { type: 2, value: 'mirror.test' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    })
    .then((pems) => ({ cert: pems.cert, key: pems.private }));
  return certificate;
}

export async function startHttpsServer(routes: Routes): Promise<TestHttpsServer> {
  const { cert, key } = await testCertificate();
  const requests: string[] = [];
  const server: Server = createServer({ cert, key }, (req, res) => {
    requests.push(req.url ?? '');
    const route = routes[new URL(req.url ?? '/', 'https://x').pathname];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cert,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
