/**
 * The YAML rewrite is a splice: only the four values change, every other byte (comments, order, quoting, blank
 * lines, CRLF, BOM) stays; anything it cannot rewrite safely is refused before a byte is written.
 */
import { describe, expect, test } from 'vitest';
import { setLocale } from '../../../native-host/src/i18n';
import { parseLinkageYaml, rewriteLinkageYaml } from '../../../native-host/src/linkage/yaml-config';
import { LinkageError } from '../../../native-host/src/linkage/types';
import { fixture } from './tree';

// The sentences follow LC_ALL/LANG; these assertions read the Japanese ones, whatever the machine's locale.
setLocale('ja');

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function codeOf(work: () => unknown): string | null {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof LinkageError ? error.code : 'NOT_A_LINKAGE_ERROR';
  }
}

describe('parseLinkageYaml', () => {
  test('reads the four Ruby-symbol keys of the sample, whatever their quoting', () => {
    const yaml = parseLinkageYaml(bytes(fixture('onshi-shell.config.yml', 'C:/Program Files (x86)/onshi-shell')), 'config.yml');
    expect(yaml.values.caCert?.value).toBe('C:/Program Files (x86)/onshi-shell/cert/ca.pem');
    expect(yaml.values.cert?.value).toBe('C:/Program Files (x86)/onshi-shell/cert/client.pem');
    expect(yaml.values.cert?.style).toBe('QUOTE_DOUBLE');
    expect(yaml.values.certKey?.style).toBe('QUOTE_SINGLE');
    expect(yaml.values.passphrase?.value).toBe('oldPass1234');
  });

  test('an empty or null passphrase counts as none', () => {
    expect(parseLinkageYaml(bytes(':cert: a.pem\n:passphrase:\n'), 'c.yml').values.passphrase?.value).toBeNull();
    expect(parseLinkageYaml(bytes(':cert: a.pem\n:passphrase: ~\n'), 'c.yml').values.passphrase?.value).toBeNull();
  });

  test('unparseable, non-UTF-8 and alias values are typed errors with a Japanese message', () => {
    expect(codeOf(() => parseLinkageYaml(bytes(fixture('broken.config.yml', '/x')), 'c.yml'))).toBe('CONFIG_UNPARSEABLE');
    expect(codeOf(() => parseLinkageYaml(bytes(':cert: [unclosed\n'), 'c.yml'))).toBe('CONFIG_UNPARSEABLE');
    expect(codeOf(() => parseLinkageYaml(bytes(':a: 1\n---\n:cert: b\n'), 'c.yml'))).toBe('CONFIG_UNPARSEABLE');
    // "# 証明書" in Shift_JIS: Ruby's YAML could not have read it either.
    expect(
      codeOf(() => parseLinkageYaml(new Uint8Array([0x23, 0x20, 0x8f, 0xd8, 0x96, 0xbe, 0x0a, 0x3a, 0x63, 0x65, 0x72, 0x74, 0x3a, 0x20, 0x61, 0x0a]), 'c.yml')),
    ).toBe('CONFIG_NOT_UTF8');
    expect(codeOf(() => parseLinkageYaml(bytes(':base: &p a.pem\n:cert: *p\n'), 'c.yml'))).toBe('CONFIG_UNSUPPORTED');
    try {
      parseLinkageYaml(bytes(':cert: [unclosed\n'), 'c.yml');
    } catch (error) {
      expect((error as Error).message).toMatch(/YAML として読めません.*何も変更していません/);
    }
  });
});

describe('rewriteLinkageYaml', () => {
  const dir = 'C:/Program Files (x86)/onshi-shell';
  const original = fixture('onshi-shell.config.yml', dir);

  test('changes exactly the values asked for, in their own quoting, and nothing else', () => {
    const yaml = parseLinkageYaml(bytes(original), 'config.yml');
    const text = rewriteLinkageYaml(
      yaml,
      { cert: `${dir}/cert/client-114F.pem`, certKey: `${dir}/cert/client-114F.key`, caCert: `${dir}/cert/ca-114F.pem` },
      'config.yml',
    );
    const expected = original
      .replace(`:ca_cert: ${dir}/cert/ca.pem`, `:ca_cert: ${dir}/cert/ca-114F.pem`)
      .replace(`:cert: "${dir}/cert/client.pem"`, `:cert: "${dir}/cert/client-114F.pem"`)
      .replace(`:cert_key: '${dir}/cert/client.key'`, `:cert_key: '${dir}/cert/client-114F.key'`);
    expect(expected).not.toBe(original);
    expect(text).toBe(expected);
  });

  test('Windows backslashes in double quotes stay escaped correctly', () => {
    const source = ':cert: "C:\\\\onshi\\\\client.pem"  # c\n:cert_key: C:\\onshi\\client.key\n';
    const yaml = parseLinkageYaml(bytes(source), 'c.yml');
    const text = rewriteLinkageYaml(yaml, { cert: 'C:\\onshi\\client-0A.pem', certKey: 'C:\\onshi\\client-0A.key' }, 'c.yml');
    expect(text).toBe(':cert: "C:\\\\onshi\\\\client-0A.pem"  # c\n:cert_key: C:\\onshi\\client-0A.key\n');
    expect(parseLinkageYaml(bytes(text), 'c.yml').values.cert?.value).toBe('C:\\onshi\\client-0A.pem');
  });

  test("a missing passphrase is added on the line after :cert_key, with the file's CRLF; a BOM stays", () => {
    const source = '\uFEFF# x\r\n:cert: a.pem\r\n:cert_key: a.key   # key\r\n:other: 1\r\n';
    const text = rewriteLinkageYaml(parseLinkageYaml(bytes(source), 'c.yml'), { passphrase: 'Abc123' }, 'c.yml');
    expect(text).toBe('\uFEFF# x\r\n:cert: a.pem\r\n:cert_key: a.key   # key\r\n:passphrase: Abc123\r\n:other: 1\r\n');
  });

  test('an empty passphrase is filled in place; one at the end of a file without a final newline too', () => {
    expect(rewriteLinkageYaml(parseLinkageYaml(bytes(':cert: a\n:cert_key: b\n:passphrase:\n:z: 1\n'), 'c'), { passphrase: 'Pq9' }, 'c')).toBe(
      ':cert: a\n:cert_key: b\n:passphrase: Pq9\n:z: 1\n',
    );
    expect(rewriteLinkageYaml(parseLinkageYaml(bytes(':cert: a\n:cert_key: b'), 'c'), { passphrase: 'Pq9' }, 'c')).toBe(
      ':cert: a\n:cert_key: b\n:passphrase: Pq9\n',
    );
  });

  test('a value that needs quoting in plain style gets quotes (and still parses to itself)', () => {
    const text = rewriteLinkageYaml(parseLinkageYaml(bytes(':cert: a.pem\n:cert_key: b.key\n'), 'c'), { cert: 'dir/x: y.pem' }, 'c');
    expect(parseLinkageYaml(bytes(text), 'c').values.cert?.value).toBe('dir/x: y.pem');
  });

  test('refuses to add keys other than the passphrase', () => {
    expect(codeOf(() => rewriteLinkageYaml(parseLinkageYaml(bytes(':cert: a\n:cert_key: b\n'), 'c'), { caCert: 'ca.pem' }, 'c'))).toBe('CONFIG_UNSUPPORTED');
  });
});
