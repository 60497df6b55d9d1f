/**
 * ORCAMO's replacement certificates ("差し替え用のクライアント証明書").
 *
 * A replacement is issued on first need for the subject of the presented certificate and then
 * kept: the page, the password button and the download all see the same file and password, so
 * the revealed password always opens the downloaded file (except under the `wrongPassword`
 * fault). A fresh one is issued when a newer identity is presented (for instance the replacement
 * itself, once installed) or when a switch that shapes the file (mode, otherSubject, expired)
 * changed since.
 */
import type { PresentedCertificate } from './cert-info';
import { DAY_MS, addYears, toWholeSeconds } from './dates';
import { createForgingCa, type ForgingCa } from './forged';
import { type ClientIdentity, type ClientSubject, type P12Mode, type TestPki, randomPassword } from './pki';
import type { Switches } from './switches';

export const OTHER_SUBJECT: Readonly<ClientSubject> = { O: 'u00000999', CN: 'client9999' };

export interface IssuedReplacement {
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  fileName: string;
  /** The password that opens `p12`. */
  password: string;
  /** What the page reveals under the `wrongPassword` fault: never opens `p12`. */
  wrongPassword: string;
  subject: ClientIdentity['subject'];
  mode: P12Mode;
  /** Serial of the presented certificate this replacement was issued for. */
  basedOnSerialHex: string;
  issuedAt: Date;
  p12: Buffer;
  /** Times the file was served in full. */
  downloads: number;
  /** Passwords revealed on the page for this replacement, in order. */
  revealed: string[];
}

interface Entry {
  basedOn: PresentedCertificate;
  variant: string;
  replacement: Promise<IssuedReplacement>;
}

type IssuingSwitches = Pick<Switches, 'mode' | 'fault'>;

export class ReplacementDesk {
  private readonly bySubject = new Map<string, Entry>();
  private readonly log: IssuedReplacement[] = [];
  /** The look-alike PKI of the `forged` fault, made on first need (key generation takes a moment). */
  private forger: Promise<ForgingCa> | null = null;

  constructor(
    private readonly pki: TestPki,
    private readonly onIssued: (replacement: IssuedReplacement) => void = () => {},
  ) {}

  /** Every replacement issued so far, oldest first. */
  get issued(): readonly IssuedReplacement[] {
    return this.log;
  }

  /** The replacement for this presented certificate, issuing it if needed. Concurrent callers share one issuance. */
  replacementFor(presented: PresentedCertificate, switches: IssuingSwitches): Promise<IssuedReplacement> {
    const key = `${presented.subject.O ?? ''}/${presented.subject.CN ?? ''}`;
    const variant = variantOf(switches);
    const current = this.bySubject.get(key);
    if (current && current.variant === variant && !isNewer(presented, current.basedOn)) {
      return current.replacement;
    }
    const replacement = this.issue(presented, switches);
    const entry: Entry = { basedOn: presented, variant, replacement };
    this.bySubject.set(key, entry);
    // A failed issuance must not stick: the next request tries again.
    replacement.catch(() => {
      if (this.bySubject.get(key) === entry) this.bySubject.delete(key);
    });
    return replacement;
  }

  private async issue(presented: PresentedCertificate, switches: IssuingSwitches): Promise<IssuedReplacement> {
    const now = new Date();
    const subject: ClientSubject =
      switches.fault === 'otherSubject' ? OTHER_SUBJECT : { O: presented.subject.O ?? OTHER_SUBJECT.O, CN: presented.subject.CN ?? OTHER_SUBJECT.CN };
    const notAfter = switches.fault === 'expired' ? new Date(now.getTime() - DAY_MS) : addYears(toWholeSeconds(now), 3);
    const identity =
      switches.fault === 'forged'
        ? await (this.forger ??= createForgingCa(this.pki, 'otherRoot')).then((forger) => forger.issueClient({ subject, notAfter, mode: switches.mode }))
        : await this.pki.issueClient({ subject, notAfter, mode: switches.mode });
    let wrongPassword = randomPassword();
    while (wrongPassword === identity.password) wrongPassword = randomPassword();
    const issued: IssuedReplacement = {
      serialHex: identity.serialHex,
      notBefore: identity.notBefore,
      notAfter: identity.notAfter,
      fileName: identity.fileName,
      password: identity.password,
      wrongPassword,
      subject: identity.subject,
      mode: identity.mode,
      basedOnSerialHex: presented.serialHex,
      issuedAt: now,
      p12: identity.p12,
      downloads: 0,
      revealed: [],
    };
    this.log.push(issued);
    this.onIssued(issued);
    return issued;
  }
}

/** The switches that change the file itself (delivery faults such as http500 do not). */
function variantOf(switches: IssuingSwitches): string {
  const shaping = switches.fault === 'otherSubject' || switches.fault === 'expired' || switches.fault === 'forged' ? switches.fault : '';
  return `${switches.mode}|${shaping}`;
}

function isNewer(a: PresentedCertificate, b: PresentedCertificate): boolean {
  return Date.parse(a.notAfter) > Date.parse(b.notAfter);
}
