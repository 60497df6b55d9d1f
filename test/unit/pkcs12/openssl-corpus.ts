/**
 * Test corpus built at run time with the openssl CLI (never committed): a small PKI (root → "Intermediate CA" →
 * clients) and PKCS#12 files exported from it in every way the reader must handle.
 */
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export const PASSWORD = 'Abc123defG'; // 10 alphanumerics, like ORCAMO's

export class Workdir {
  readonly dir = mkdtempSync(join(tmpdir(), 'p12-corpus-'));

  path(name: string): string {
    return join(this.dir, name);
  }

  openssl(args: readonly string[]): Buffer {
    return execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(name: string, data: string | Uint8Array): string {
    writeFileSync(this.path(name), data);
    return this.path(name);
  }

  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)));
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Pki {
  w: Workdir;
  /** PEM with intermediate + root, for -certfile. */
  chain: string;
}

const CLIENT_EXT = [
  'basicConstraints=CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=clientAuth',
  'subjectKeyIdentifier=hash',
].join('\n');

/** Key (RSA 2048 unless given) + CSR + certificate signed by the intermediate. */
export function issue(
  w: Workdir,
  name: string,
  subject: string,
  serial: string,
  opts: { keyAlg?: string[]; ext?: string; days?: number; key?: string } = {},
): void {
  if (!opts.key) {
    w.openssl(['genpkey', ...(opts.keyAlg ?? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']), '-out', `${name}.key`]);
  }
  const key = opts.key ?? `${name}.key`;
  w.openssl(['req', '-new', '-key', key, '-subj', subject, '-out', `${name}.csr`]);
  w.write(`${name}.ext`, opts.ext ?? CLIENT_EXT);
  w.openssl([
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'inter.crt',
    '-CAkey',
    'inter.key',
    '-set_serial',
    serial,
    '-days',
    String(opts.days ?? 1095),
    '-extfile',
    `${name}.ext`,
    '-sha256',
    '-out',
    `${name}.crt`,
  ]);
}

/** The root and the "Intermediate CA" only (the bench issues its one client from it). */
export function buildChain(): Pki {
  const w = new Workdir();
  w.openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'root.key',
    '-out',
    'root.crt',
    '-subj',
    '/C=JP/O=Test PKI/CN=Test Root CA',
    '-days',
    '3650',
    '-sha256',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  w.openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'inter.key']);
  w.openssl(['req', '-new', '-key', 'inter.key', '-subj', '/C=JP/O=Test PKI/CN=Intermediate CA', '-out', 'inter.csr']);
  w.write('inter.ext', 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n');
  w.openssl([
    'x509',
    '-req',
    '-in',
    'inter.csr',
    '-CA',
    'root.crt',
    '-CAkey',
    'root.key',
    '-set_serial',
    '0x1001',
    '-days',
    '3650',
    '-extfile',
    'inter.ext',
    '-sha256',
    '-out',
    'inter.crt',
  ]);
  const chain = w.write('chain.pem', readFileSync(w.path('inter.crt'), 'utf8') + readFileSync(w.path('root.crt'), 'utf8'));
  return { w, chain };
}

/** The chain and every client the reader's tests open. */
export function buildPki(): Pki {
  const { w, chain } = buildChain();
  issue(w, 'client', '/C=JP/O=u00000126/CN=client1210', '0x114F');
  issue(w, 'other', '/C=JP/O=u00000126/CN=client1211', '0x1150');
  // Serial with the top bit set: DER needs a 00 pad, which the report keeps.
  issue(w, 'ec256', '/C=JP/O=u00000126/CN=client-ec', '0x8A01', { keyAlg: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'] });
  issue(w, 'ec384', '/C=JP/O=u00000126/CN=client-ec384', '0x2002', { keyAlg: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'] });
  issue(w, 'ec521', '/C=JP/O=u00000126/CN=client-ec521', '0x2003', { keyAlg: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'] });
  issue(w, 'server', '/C=JP/O=u00000126/CN=server-only', '0x3001', {
    key: 'client.key',
    ext: 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  });
  issue(w, 'soon', '/C=JP/O=u00000126/CN=client1210', '0x3002', { key: 'client.key', days: 30 });
  issueExpired(w);
  return { w, chain };
}

/** openssl 3.0's x509 has no -not_before/-not_after; `openssl ca` can backdate with -startdate/-enddate. */
function issueExpired(w: Workdir): void {
  mkdirSync(w.path('ca'), { recursive: true });
  w.write('ca/index.txt', '');
  w.write('ca/serial', '4001\n');
  w.write(
    'ca.cnf',
    [
      '[ca]',
      'default_ca = CA_default',
      '[CA_default]',
      `dir = ${w.path('ca')}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'serial = $dir/serial',
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'copy_extensions = none',
      '[policy_any]',
      'commonName = supplied',
      'organizationName = optional',
      'countryName = optional',
      '[client_ext]',
      'basicConstraints = CA:FALSE',
      'extendedKeyUsage = clientAuth',
      '',
    ].join('\n'),
  );
  w.openssl([
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'inter.crt',
    '-keyfile',
    'inter.key',
    '-in',
    'client.csr',
    '-out',
    'expired.crt',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20230101000000Z',
    '-extensions',
    'client_ext',
    '-notext',
  ]);
}

/** `openssl pkcs12 -export` into `<name>.p12`; returns the file's bytes. */
export function exportP12(pki: Pki, name: string, args: readonly string[], password = PASSWORD): Uint8Array {
  pki.w.openssl(['pkcs12', '-export', ...args, '-passout', `pass:${password}`, '-out', `${name}.p12`]);
  return pki.w.read(`${name}.p12`);
}

// --- Assembling files openssl refuses to write (two keys, key without its certificate) ---------------------------

function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.of(tag), derLength(body.length), body]);
}

/** Minimal DER walker: [tag, header length, content length] at `offset`. */
function header(der: Uint8Array, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset]!;
  let len = der[offset + 1]!;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  return { tag, start, end: start + len };
}

function childrenOf(der: Uint8Array, offset: number): Array<{ offset: number; end: number }> {
  const { start, end } = header(der, offset);
  const out: Array<{ offset: number; end: number }> = [];
  for (let p = start; p < end;) {
    const h = header(der, p);
    out.push({ offset: p, end: h.end });
    p = h.end;
  }
  return out;
}

/** The ContentInfo elements (raw DER) of a DER PFX's AuthenticatedSafe. */
function contentInfos(pfx: Uint8Array): Uint8Array[] {
  const [, authSafe] = childrenOf(pfx, 0);
  const [, explicit] = childrenOf(pfx, authSafe!.offset);
  const [octet] = childrenOf(pfx, explicit!.offset);
  const h = header(pfx, octet!.offset);
  const safe = pfx.subarray(h.start, h.end);
  return childrenOf(safe, 0).map((c) => safe.slice(c.offset, c.end));
}

/** Content bytes of a DER INTEGER holding a non-negative number. */
export function derUnsigned(n: number | bigint): Uint8Array {
  let hex = BigInt(n).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

const OID_DATA = Uint8Array.from(Buffer.from('06092a864886f70d010701', 'hex'));
const OID_SHA256_ALG = Uint8Array.from(Buffer.from('300d06096086480165030402010500', 'hex'));

/**
 * A PFX whose AuthenticatedSafe is the concatenation of the parts' (each part's encrypted pieces stay valid: every
 * EncryptedData/ShroudedKeyBag carries its own salt). The MAC is computed with node-forge's PKCS#12 KDF and
 * node:crypto HMAC-SHA-256: an implementation independent of the one under test. `password: null` writes no MAC.
 * `macIterations` (raw INTEGER content bytes) writes that count with a junk MAC value, for cap tests.
 */
export function mergePfx(parts: readonly Uint8Array[], password: string | null, opts: { macIterations?: Uint8Array } = {}): Uint8Array {
  const authSafe = tlv(0x30, ...parts.flatMap(contentInfos));
  const contentInfo = tlv(0x30, OID_DATA, tlv(0xa0, tlv(0x04, authSafe)));
  const version = Uint8Array.of(0x02, 0x01, 0x03);
  if (password === null) return tlv(0x30, version, contentInfo);
  const salt = randomBytes(8);
  let mac: Uint8Array = randomBytes(32);
  let iterations = opts.macIterations;
  if (!iterations) {
    const count = 2048;
    iterations = derUnsigned(count);
    const saltBuffer = forge.util.createBuffer(salt.toString('binary'));
    const key = forge.pkcs12.generateKey(password, saltBuffer, 3, count, 32, forge.md.sha256.create());
    mac = createHmac('sha256', Buffer.from(key.getBytes(), 'binary')).update(authSafe).digest();
  }
  const macData = tlv(0x30, tlv(0x30, OID_SHA256_ALG, tlv(0x04, mac)), tlv(0x04, salt), tlv(0x02, iterations));
  return tlv(0x30, version, contentInfo, macData);
}

/**
 * The same PFX with its outer layers in BER, as some Windows and Java exports are: indefinite lengths, and the
 * authSafe OCTET STRING constructed from small chunks. The MAC (over the concatenated content) stays valid.
 */
export function toBerChunked(pfx: Uint8Array, chunkSize = 100): Uint8Array {
  const raw = (c: { offset: number; end: number }): Uint8Array => pfx.subarray(c.offset, c.end);
  const indefinite = (tag: number, ...parts: Uint8Array[]): Uint8Array => Buffer.concat([Uint8Array.of(tag, 0x80), ...parts, Uint8Array.of(0, 0)]);
  const [version, authSafe, macData] = childrenOf(pfx, 0);
  const [oid, explicit] = childrenOf(pfx, authSafe!.offset);
  const [octet] = childrenOf(pfx, explicit!.offset);
  const h = header(pfx, octet!.offset);
  const content = pfx.subarray(h.start, h.end);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < content.length; i += chunkSize) chunks.push(tlv(0x04, content.subarray(i, i + chunkSize)));
  return indefinite(0x30, raw(version!), indefinite(0x30, raw(oid!), indefinite(0xa0, indefinite(0x24, ...chunks))), ...(macData ? [raw(macData)] : []));
}
