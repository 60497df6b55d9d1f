/**
 * The simulator: one Node process, one HTTPS port, two virtual hosts routed by the Host header:
 *
 *   https://weborca.localhost:PORT/   WebORCA web client (client.html SPA, blue bar)
 *   https://orcamo.localhost:PORT/    ORCAMO クラウド管理 (replacement download, password)
 *   /__sim/…  on both                 test endpoints (whoami, switches, state)
 *
 * TLS asks every client for a certificate (requestCert) but lets the handshake finish either way
 * (rejectUnauthorized: false); each request is then judged like nginx with `ssl_verify_client on`:
 * no certificate, an untrusted or an expired one gets a 400 page, so a tool can tell accepted from
 * rejected by looking at the response rather than at a failed handshake.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { type ClientAuth, type PresentedCertificate, clientAuthOf } from './cert-info';
import { RENEWAL_WINDOW_DAYS } from './dates';
import { CERT_ERROR_DETAIL, NO_CERT_DETAIL, escapeHtml, nginxErrorPage } from './html';
import { weborcaBusyHtml } from './busy-page';
import { ORCAMO_PATHS, orcamoCertificatePageHtml } from './orcamo-pages';
import { type ClientIdentity, type IssueClientOptions, type P12Mode, type TestPki, createTestPki } from './pki';
import { type IssuedReplacement, ReplacementDesk } from './replacements';
import { DEFAULT_SWITCHES, type DownloadVia, type Fault, type PageLayout, type BarWording, type Switches, SwitchesError, parseSwitchesPatch } from './switches';
import { HOSPITAL_NAME, type SessionInfo, weborcaClientHtml } from './weborca-pages';

export const WEBORCA_HOST = 'weborca.localhost';
export const ORCAMO_HOST = 'orcamo.localhost';

export type SimSite = 'weborca' | 'orcamo';

export interface StartSimulatorOptions {
  /** TCP port; 0 or absent = a random free port. */
  port?: number;
  /**
   * Address to bind. Default: both 127.0.0.1 and ::1 on the same port, because Chromium may
   * connect to *.localhost over either family; never a wildcard address.
   */
  host?: string;
  mode?: P12Mode;
  bannerDelayMs?: number;
  requireLogin?: boolean;
  fault?: Fault | null;
  /** How ORCAMO's `こちら` starts the download (default `link`). */
  downloadVia?: DownloadVia;
  /** ORCAMO's page layout (default `list`). */
  layout?: PageLayout;
  /** What WebORCA's blue bar says (default `manual`). */
  barWording?: BarWording;
  /** Reuse a PKI (saves ~1 s of key generation when a test starts several simulators). */
  pki?: TestPki;
  /** Receives one line per notable event (rejections, issuance, downloads); the CLI prints them. */
  logger?: (line: string) => void;
}

export interface PresentedLogEntry {
  at: Date;
  /** Host name the request was addressed to (from the Host header, without the port). */
  host: string;
  site: SimSite;
  method: string;
  path: string;
  /** Null when no certificate was sent. */
  serialHex: string | null;
  authorized: boolean;
}

export interface Simulator {
  readonly port: number;
  /** `https://weborca.localhost:PORT` */
  readonly weborcaOrigin: string;
  /** `https://orcamo.localhost:PORT` */
  readonly orcamoOrigin: string;
  /** The ORCAMO page the blue bar's 更新 links to. */
  readonly renewalUrl: string;
  /** Bound addresses, e.g. `['127.0.0.1', '::1']`. */
  readonly addresses: readonly string[];
  readonly pki: TestPki;
  /** Same as `pki.issueClient`. */
  issueClient(options?: IssueClientOptions): Promise<ClientIdentity>;
  /** Current switches (a frozen snapshot). */
  readonly switches: Readonly<Switches>;
  /** Merges a partial update; throws SwitchesError on invalid values. Returns the new switches. */
  setSwitches(patch: Partial<Switches>): Readonly<Switches>;
  /** Requests to the two sites (not /__sim), with the certificate presented on each; oldest first, last 5000. */
  readonly presented: readonly PresentedLogEntry[];
  /** Distinct serials presented to a site (or to both), in order of first appearance. */
  presentedSerials(site?: SimSite): string[];
  /** Replacements ORCAMO issued, oldest first (with their p12 and password). */
  readonly issued: readonly IssuedReplacement[];
  /** Stops listening and destroys every connection, hung downloads included. */
  close(): Promise<void>;
}

const PRESENTED_LOG_LIMIT = 5000;
const BODY_LIMIT = 64 * 1024;
const SESSION_COOKIE = 'WEBORCA_SID';

export async function startSimulator(options: StartSimulatorOptions = {}): Promise<Simulator> {
  const initial = parseSwitchesPatch({
    mode: options.mode,
    bannerDelayMs: options.bannerDelayMs,
    requireLogin: options.requireLogin,
    fault: options.fault,
    downloadVia: options.downloadVia,
    layout: options.layout,
    barWording: options.barWording,
  });
  let switches: Readonly<Switches> = Object.freeze({ ...DEFAULT_SWITCHES, ...initial });
  const log = options.logger ?? ((): void => {});
  const pki = options.pki ?? (await createTestPki());
  const desk = new ReplacementDesk(pki, (r) =>
    log(`issued replacement ${r.serialHex} (${r.fileName}, ${r.mode}, notAfter ${r.notAfter.toISOString()}) for ${r.basedOnSerialHex}`),
  );
  const sessions = new Map<string, string>();
  const presented: PresentedLogEntry[] = [];
  const clientHtml = weborcaClientHtml();

  let port = 0;
  const origin = (host: string): string => `https://${host}:${port}`;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      log(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendHtml(res, 500, nginxErrorPage(500, 'Internal Server Error'));
      else res.destroy();
    });
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://placeholder');
    const host = hostnameOf(req.headers.host);
    const auth = clientAuthOf(req.socket as TLSSocket);
    const site: SimSite | null = host === WEBORCA_HOST ? 'weborca' : host === ORCAMO_HOST ? 'orcamo' : null;

    // Test endpoints answer whatever certificate was (or was not) sent: telling that is their job.
    if (url.pathname.startsWith('/__sim/')) return simApi(req, res, url, host, auth);
    if (!site) return sendHtml(res, 404, indexPage());

    presented.push({
      at: new Date(),
      host,
      site,
      method: req.method ?? 'GET',
      path: url.pathname,
      serialHex: auth.presented?.serialHex ?? null,
      authorized: auth.authorized,
    });
    if (presented.length > PRESENTED_LOG_LIMIT) presented.splice(0, presented.length - PRESENTED_LOG_LIMIT);

    if (!auth.presented || !auth.authorized) {
      const detail = auth.presented ? CERT_ERROR_DETAIL : NO_CERT_DETAIL;
      log(`${host} ${url.pathname}: 400 (${auth.presented ? `${auth.presented.serialHex} ${auth.error}` : 'no certificate'})`);
      // nginx closes the connection after these errors; the certificate cannot change on it anyway.
      res.setHeader('Connection', 'close');
      return sendHtml(res, 400, nginxErrorPage(400, 'Bad Request', detail));
    }
    return site === 'weborca' ? weborca(req, res, url, auth.presented) : orcamo(req, res, url, auth.presented);
  }

  async function simApi(req: IncomingMessage, res: ServerResponse, url: URL, host: string, auth: ClientAuth): Promise<void> {
    const method = req.method ?? 'GET';
    switch (`${method} ${url.pathname}`) {
      case 'GET /__sim/whoami':
        return sendJson(res, 200, { host, presented: auth.presented, authorized: auth.authorized });
      case 'GET /__sim/switches':
        return sendJson(res, 200, switches);
      case 'POST /__sim/switches': {
        try {
          const patch = parseSwitchesPatch(JSON.parse((await readBody(req)).toString('utf8') || '{}'));
          return sendJson(res, 200, sim.setSwitches(patch));
        } catch (error) {
          const message = error instanceof SwitchesError || error instanceof SyntaxError ? error.message : 'bad request';
          return sendJson(res, 400, { error: message });
        }
      }
      case 'GET /__sim/busy':
        // The bench's busy WebORCA page (busy-page.ts); WebORCA's host only, where our content script runs.
        if (host !== WEBORCA_HOST) return sendJson(res, 404, { error: 'the busy page is on the WebORCA host' });
        return sendHtml(res, 200, weborcaBusyHtml(origin(ORCAMO_HOST) + ORCAMO_PATHS.page));
      case 'GET /__sim/state':
        return sendJson(res, 200, {
          switches,
          presented: presented.slice(-200),
          issued: desk.issued.map(({ p12: _p12, ...rest }) => rest),
        });
      default:
        return sendJson(res, 404, { error: `unknown simulator endpoint: ${method} ${url.pathname}` });
    }
  }

  async function weborca(req: IncomingMessage, res: ServerResponse, url: URL, cert: PresentedCertificate): Promise<void> {
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';
    if (read && url.pathname === '/') return redirect(res, '/client.html');
    if (read && url.pathname === '/client.html') return sendHtml(res, 200, clientHtml);
    if (read && url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (read && url.pathname === '/api/session') {
      const user = sessions.get(cookieOf(req, SESSION_COOKIE) ?? '') ?? null;
      const info: SessionInfo = {
        user,
        requireLogin: switches.requireLogin,
        hospital: HOSPITAL_NAME,
        bannerDelayMs: switches.bannerDelayMs,
        certificate: cert,
        renewal: {
          due: cert.daysLeft <= RENEWAL_WINDOW_DAYS,
          daysLeft: cert.daysLeft,
          url: origin(ORCAMO_HOST) + ORCAMO_PATHS.page,
          ...(switches.barWording === 'reworded' ? { reworded: true } : {}),
        },
      };
      return sendJson(res, 200, info);
    }
    if (method === 'POST' && url.pathname === '/api/login') {
      const { user, pass } = parseLogin(await readBody(req), req.headers['content-type']);
      if (!user || !pass) {
        return sendJson(res, 401, { ok: false, message: 'ユーザIDまたはパスワードが正しくありません' });
      }
      const token = randomBytes(18).toString('base64url');
      sessions.set(token, user);
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${token}; Path=/; Secure; HttpOnly; SameSite=Lax`);
      return sendJson(res, 200, { ok: true, user });
    }
    if (method === 'POST' && url.pathname === '/api/logout') {
      sessions.delete(cookieOf(req, SESSION_COOKIE) ?? '');
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0`);
      return sendJson(res, 200, { ok: true });
    }
    return sendHtml(res, 404, nginxErrorPage(404, 'Not Found'));
  }

  async function orcamo(req: IncomingMessage, res: ServerResponse, url: URL, cert: PresentedCertificate): Promise<void> {
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';
    if (read && url.pathname === '/') return redirect(res, ORCAMO_PATHS.page);
    if (read && url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (read && url.pathname === ORCAMO_PATHS.page) {
      // Start issuing now so the download and password answer without the key-generation wait.
      desk.replacementFor(cert, switches).catch(() => {});
      return sendHtml(res, 200, orcamoCertificatePageHtml(`${cert.subject.O ?? ''} / ${cert.subject.CN ?? ''}`, switches.downloadVia, switches.layout));
    }
    if (read && url.pathname === ORCAMO_PATHS.download) return download(req, res, cert);
    // The form-driven page posts to the same URL; the answer is the same attachment.
    if (method === 'POST' && url.pathname === ORCAMO_PATHS.download) return download(req, res, cert);
    if (method === 'POST' && url.pathname === ORCAMO_PATHS.password) {
      const replacement = await desk.replacementFor(cert, switches);
      const password = switches.fault === 'wrongPassword' ? replacement.wrongPassword : replacement.password;
      replacement.revealed.push(password);
      return sendJson(res, 200, { password });
    }
    return sendHtml(res, 404, nginxErrorPage(404, 'Not Found'));
  }

  async function download(req: IncomingMessage, res: ServerResponse, cert: PresentedCertificate): Promise<void> {
    const fault = switches.fault;
    if (fault === 'http500') {
      log('download: fault http500');
      return sendHtml(res, 500, nginxErrorPage(500, 'Internal Server Error'));
    }
    if (fault === 'hang') {
      // Never answer. The socket stays open until the client gives up or close() destroys it.
      log('download: fault hang');
      return;
    }
    const replacement = await desk.replacementFor(cert, switches);
    const body = replacement.p12;
    res.writeHead(200, {
      'Content-Type': 'application/x-pkcs12',
      'Content-Disposition': `attachment; filename="${replacement.fileName}"`,
      'Content-Length': String(body.length),
      'Cache-Control': 'no-store',
      Server: 'nginx',
    });
    if (fault === 'truncated' && req.method !== 'HEAD') {
      log(`download: fault truncated (${Math.floor(body.length / 2)} of ${body.length} bytes)`);
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return;
    }
    res.end(body);
    if (req.method !== 'HEAD') {
      replacement.downloads++;
      log(`download: ${replacement.fileName} (${body.length} bytes)`);
    }
  }

  function indexPage(): string {
    const links = [origin(WEBORCA_HOST) + '/', origin(ORCAMO_HOST) + ORCAMO_PATHS.page]
      .map((u) => `<li><a href="${escapeHtml(u)}">${escapeHtml(u)}</a></li>`)
      .join('');
    return `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>WebORCA simulator</title></head>
<body><h1>WebORCA / ORCAMO simulator</h1><ul>${links}</ul></body></html>`;
  }

  // --- listening ---------------------------------------------------------------------------

  const sockets = new Set<Socket>();
  const makeServer = (): HttpsServer => {
    const server = createHttpsServer(
      {
        key: pki.server.keyPem,
        cert: pki.server.chainPem,
        ca: [...pki.caCertsPem],
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      },
      handler,
    );
    // Raw sockets, tracked from accept so that close() also reaches connections still in the handshake.
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return server;
  };

  const bound = await listenOnLoopback(makeServer, options.port ?? 0, options.host);
  port = bound.port;
  const servers = bound.servers;

  const sim: Simulator = {
    port,
    weborcaOrigin: origin(WEBORCA_HOST),
    orcamoOrigin: origin(ORCAMO_HOST),
    renewalUrl: origin(ORCAMO_HOST) + ORCAMO_PATHS.page,
    addresses: bound.addresses,
    pki,
    issueClient: (opts) => pki.issueClient(opts),
    get switches() {
      return switches;
    },
    setSwitches(patch) {
      const checked = parseSwitchesPatch(patch);
      switches = Object.freeze({ ...switches, ...checked });
      log(`switches: ${JSON.stringify(switches)}`);
      return switches;
    },
    get presented() {
      return presented;
    },
    presentedSerials(site) {
      const serials: string[] = [];
      for (const entry of presented) {
        if (site && entry.site !== site) continue;
        if (entry.serialHex && !serials.includes(entry.serialHex)) serials.push(entry.serialHex);
      }
      return serials;
    },
    get issued() {
      return desk.issued;
    },
    async close() {
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const s of servers) s.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await Promise.all(closed);
    },
  };
  return sim;
}

/**
 * Binds one HTTPS server per loopback address on a common port. A random port is picked by the
 * first bind; if the other family already has it taken, start over with a new one. Hosts without
 * IPv6 get IPv4 only.
 */
async function listenOnLoopback(
  makeServer: () => HttpsServer,
  requestedPort: number,
  bindHost: string | undefined,
): Promise<{ port: number; servers: HttpsServer[]; addresses: string[] }> {
  let hosts = bindHost ? [bindHost] : ['127.0.0.1', '::1'];
  for (let attempt = 0; ; attempt++) {
    const servers: HttpsServer[] = [];
    let port = requestedPort;
    try {
      for (const host of hosts) {
        const server = makeServer();
        await listen(server, port, host);
        servers.push(server);
        port = (server.address() as AddressInfo).port;
      }
      return { port, servers, addresses: hosts };
    } catch (error) {
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
      const code = (error as NodeJS.ErrnoException).code;
      const failedHost = hosts[servers.length];
      if (!bindHost && failedHost === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) {
        hosts = ['127.0.0.1'];
        continue;
      }
      if (requestedPort === 0 && servers.length > 0 && code === 'EADDRINUSE' && attempt < 20) continue;
      throw error;
    }
  }
}

function listen(server: HttpsServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** `weborca.localhost:8443` → `weborca.localhost`; `[::1]:8443` → `::1`. */
function hostnameOf(header: string | undefined): string {
  if (!header) return '';
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const colon = h.lastIndexOf(':');
  return (colon >= 0 ? h.slice(0, colon) : h).replace(/\.$/, '');
}

function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function parseLogin(body: Buffer, contentType: string | undefined): { user: string; pass: string } {
  const text = body.toString('utf8');
  let user: unknown;
  let pass: unknown;
  if ((contentType ?? '').includes('application/json')) {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object') ({ user, pass } = json as Record<string, unknown>);
    } catch {
      /* treated as empty credentials */
    }
  } else {
    const form = new URLSearchParams(text);
    user = form.get('user');
    pass = form.get('pass');
  }
  return { user: typeof user === 'string' ? user.trim() : '', pass: typeof pass === 'string' ? pass : '' };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Error('request body too large'));
        req.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  const body = Buffer.from(html, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    Server: 'nginx',
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    Server: 'nginx',
  });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, 'Content-Length': '0', Server: 'nginx' });
  res.end();
}
