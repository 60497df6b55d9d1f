import forge from 'node-forge';
import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readCount } from '../../../src/lib/pkcs12/asn1';
import { bmpPassword, toHex } from '../../../src/lib/pkcs12/bytes';
import { Pkcs12Failure } from '../../../src/lib/pkcs12/errors';
import { pkcs12Kdf, type KdfPurpose } from '../../../src/lib/pkcs12/kdf';
import { assertIterations, WorkBudget } from '../../../src/lib/pkcs12/limits';
import * as asn1js from 'asn1js';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'));

describe('PKCS#12 KDF (RFC 7292 B.2)', () => {
  // The published SHA-1 vectors (BouncyCastle's Pkcs12Test, Crypto++'s validation suite): "smeg" / "queeg".
  it.each([
    ['smeg', '0A58CF64530D823F', 1, 1, 24, '8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3'],
    ['smeg', '0A58CF64530D823F', 2, 1, 8, '79993DFE048D3B76'],
    ['smeg', '642B99AB44FB4B1F', 1, 1, 24, 'F3A95FEC48D7711E985CFE67908C5AB79FA3D7C5CAA5D966'],
    ['smeg', '642B99AB44FB4B1F', 2, 1, 8, 'C0A38D64A79BEA1D'],
    ['smeg', '3D83C0E4546AC140', 3, 1, 20, '8D967D88F6CAA9D714800AB3D48051D63F73A312'],
    ['queeg', '05DEC959ACFF72F7', 1, 1000, 24, 'ED2034E36328830FF09DF1E1A07DD357185DAC0D4F9EB3D4'],
    ['queeg', '05DEC959ACFF72F7', 2, 1000, 8, '11DEDAD7758D4860'],
    ['queeg', '1682C0FC5B3F7EC5', 1, 1000, 24, '483DD6E919D7DE2E8E648BA8F862F3FBFBDC2BCB2C02957F'],
    ['queeg', '1682C0FC5B3F7EC5', 2, 1000, 8, '9D461D1B00355C50'],
    ['queeg', '263216FCC2FAB31C', 3, 1000, 20, '5EC4C7A80DF652294C3925B6489A7AB857C83476'],
  ] as const)('%s salt %s id %i iter %i → %s', (pw, salt, id, iter, n, expected) => {
    expect(toHex(pkcs12Kdf('SHA-1', bmpPassword(pw), hex(salt), id as KdfPurpose, iter, n))).toBe(expected);
  });

  const forgeMd = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

  it('matches node-forge for every hash, purpose, length and password shape (incl. NULL and non-BMP)', () => {
    const salts = ['', '01', '0A58CF64530D823F', 'ff'.repeat(70)];
    const passwords: Array<string | null> = [null, '', 'a', 'Abc123defG', 'パスワード', '😀x', 'p'.repeat(80)];
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
      for (const salt of salts) {
        for (const pw of passwords) {
          for (const [id, n] of [
            [1, 24],
            [2, 8],
            [3, 64],
            [1, 100],
          ] as const) {
            const ours = pkcs12Kdf(hash, pw === null ? new Uint8Array(0) : bmpPassword(pw), hex(salt), id, 3, n);
            const md = forge.md[forgeMd[hash]].create();
            const theirs = forge.pkcs12.generateKey(pw, forge.util.createBuffer(Buffer.from(salt, 'hex').toString('binary')), id, 3, n, md);
            expect(toHex(ours), `${hash} ${salt} ${pw} ${id} ${n}`).toBe(Buffer.from(theirs.getBytes(), 'binary').toString('hex').toUpperCase());
          }
        }
      }
    }
  });

  it('refuses a zero iteration count (the output would not depend on the password)', () => {
    expect(() => pkcs12Kdf('SHA-1', bmpPassword('x'), hex('00'), 1, 0, 8)).toThrow(RangeError);
  });
});

describe('empty-password PBKDF2 trick', () => {
  it('HMAC zero-pads the key, so "" and a block of zero bytes derive the same PBKDF2 output', () => {
    for (const [hash, block] of [
      ['sha1', 64],
      ['sha256', 64],
      ['sha384', 128],
      ['sha512', 128],
    ] as const) {
      const a = pbkdf2Sync(Buffer.alloc(0), 'salt', 10, 32, hash);
      const b = pbkdf2Sync(Buffer.alloc(block), 'salt', 10, 32, hash);
      expect(a.equals(b)).toBe(true);
    }
  });
});

describe('caps', () => {
  const int = (h: string): asn1js.Integer => new asn1js.Integer({ valueHex: Uint8Array.from(Buffer.from(h, 'hex')).buffer });

  it('readCount reads raw INTEGER bytes; huge values become Infinity, negatives are malformed', () => {
    expect(readCount(int('0800'), 'x')).toBe(2048);
    expect(readCount(int('0F4240'), 'x')).toBe(1_000_000);
    expect(readCount(int('00FFFFFFFF'), 'x')).toBe(0xffffffff);
    expect(readCount(int('0100000000'), 'x')).toBe(Infinity);
    expect(() => readCount(int('FF'), 'x')).toThrow(Pkcs12Failure);
  });

  it('assertIterations: 1..1,000,000 accepted; above → ITERATIONS_TOO_HIGH; 0/NaN → NOT_PKCS12', () => {
    expect(assertIterations(1, 'x')).toBe(1);
    expect(assertIterations(1_000_000, 'x')).toBe(1_000_000);
    const code = (n: number): string => {
      try {
        assertIterations(n, 'x');
        return 'ok';
      } catch (e) {
        return (e as Pkcs12Failure).code;
      }
    };
    expect(code(1_000_001)).toBe('ITERATIONS_TOO_HIGH');
    expect(code(Infinity)).toBe('ITERATIONS_TOO_HIGH');
    expect(code(0)).toBe('NOT_PKCS12');
    expect(code(Number.NaN)).toBe('NOT_PKCS12');
  });

  it('WorkBudget refuses work past its limit before it is done', () => {
    const budget = new WorkBudget(100);
    budget.charge(60);
    expect(() => budget.charge(41)).toThrow(expect.objectContaining({ code: 'ITERATIONS_TOO_HIGH' }));
    budget.charge(40);
    expect(budget.used).toBe(100);
  });
});
