/**
 * Reading and rewriting a linkage tool's YAML with the `yaml` package's Document API.
 *
 * Rewriting is a splice, not a re-serialisation: the Document API locates the exact source range of each of the
 * four values, and only those characters are replaced (a missing `:passphrase` gets one new line after
 * `:cert_key`). Comments, key order, quoting style, blank lines, CRLF line ends and a BOM stay byte for byte.
 * The result is parsed again and must equal the original in every other key, or nothing is written.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isAlias, isCollection, isMap, isScalar, parseDocument, Scalar, type Pair } from 'yaml';
import { LINKAGE_KEYS, LinkageError, type LinkageKey } from './types';

interface YamlValue {
  /** The string value; null when empty, `~`, or not a string (a number or boolean is not a usable path). */
  value: string | null;
  /** Source range of the value node (excluding any comment after it). */
  start: number;
  end: number;
  style: Scalar.Type | undefined;
  /** Where the key starts (its column is the indent of an added line). */
  keyStart: number;
}

export interface LinkageYaml {
  /** The file as text (valid UTF-8; a BOM is kept as U+FEFF so that the bytes round-trip). */
  text: string;
  values: Partial<Record<LinkageKey, YamlValue>>;
  /** The whole document as plain data, to prove a rewrite changed nothing else. */
  data: unknown;
}

export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // The tools read their config with Ruby's YAML (UTF-8 only), so a Shift_JIS file could not be a working config.
    throw new LinkageError('CONFIG_NOT_UTF8', 'linkage.configNotUtf8', { config: path }, { path });
  }
}

export function parseLinkageYaml(bytes: Uint8Array, path: string): LinkageYaml {
  const text = decodeUtf8(bytes, path);
  const doc = parseDocument(text, { prettyErrors: true });
  const firstError = doc.errors[0];
  if (firstError) {
    // The parser's own message is not kept as detail: it quotes the lines around the error, and the passphrase
    // may be one of them.
    const line = firstError.linePos?.[0]?.line;
    if (line) throw new LinkageError('CONFIG_UNPARSEABLE', 'linkage.configUnparseableAtLine', { config: path, line }, { path });
    throw new LinkageError('CONFIG_UNPARSEABLE', 'linkage.configUnparseable', { config: path }, { path });
  }
  const values: Partial<Record<LinkageKey, YamlValue>> = {};
  if (isMap(doc.contents)) {
    for (const [name, keyText] of Object.entries(LINKAGE_KEYS) as Array<[LinkageKey, string]>) {
      const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === keyText) as Pair<Scalar, unknown> | undefined;
      if (pair) values[name] = readValue(pair, keyText, path);
    }
  }
  return { text, values, data: doc.toJS() as unknown };
}

function readValue(pair: Pair<Scalar, unknown>, keyText: string, path: string): YamlValue {
  const node = pair.value;
  const keyStart = pair.key.range?.[0] ?? 0;
  if (isAlias(node) || isCollection(node) || !isScalar(node) || !node.range) {
    throw new LinkageError('CONFIG_UNSUPPORTED', 'linkage.settingNotSimple', { setting: keyText, config: path }, { path });
  }
  const [start, end] = node.range;
  return { value: typeof node.value === 'string' && node.value !== '' ? node.value : null, start, end, style: node.type, keyStart };
}

/** One scalar in the given style (a plain value that would need quotes gets them from the library). */
function formatScalar(value: string, style: Scalar.Type | undefined): string {
  const scalar = new Scalar(value);
  scalar.type = style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' || style === 'PLAIN' ? style : 'QUOTE_DOUBLE';
  return new Document(scalar).toString({ lineWidth: 0 }).replace(/\r?\n$/, '');
}

/**
 * The text with the given values replaced. Only keys already in the file are replaced, except `passphrase`, which
 * is added after `:cert_key` when missing (the key file we write is always encrypted).
 */
export function rewriteLinkageYaml(yaml: LinkageYaml, changes: Partial<Record<LinkageKey, string>>, path: string): string {
  const splices: Array<{ at: number; to: number; text: string }> = [];
  const eol = yaml.text.includes('\r\n') ? '\r\n' : '\n';
  for (const [name, value] of Object.entries(changes) as Array<[LinkageKey, string]>) {
    const current = yaml.values[name];
    if (current) {
      const formatted = formatScalar(value, current.value === null ? 'PLAIN' : current.style);
      // `:passphrase:` with nothing after the colon: the new value needs its separating space.
      const needsSpace = current.start === current.end && !/\s/.test(yaml.text[current.start - 1] ?? ' ');
      splices.push({ at: current.start, to: current.end, text: `${needsSpace ? ' ' : ''}${formatted}` });
    } else if (name === 'passphrase') {
      const anchor = yaml.values.certKey ?? yaml.values.cert;
      if (!anchor) throw new LinkageError('CONFIG_UNSUPPORTED', 'linkage.settingMissing', { setting: LINKAGE_KEYS.certKey, config: path }, { path });
      const lineStart = yaml.text.lastIndexOf('\n', anchor.keyStart - 1) + 1;
      const indent = yaml.text.slice(lineStart, anchor.keyStart);
      const newline = yaml.text.indexOf('\n', anchor.end); // a same-line comment ends with this line
      const line = `${/^[ \t]*$/.test(indent) ? indent : ''}${LINKAGE_KEYS.passphrase}: ${formatScalar(value, 'PLAIN')}`;
      if (newline < 0) splices.push({ at: yaml.text.length, to: yaml.text.length, text: `${eol}${line}${eol}` });
      else splices.push({ at: newline + 1, to: newline + 1, text: `${line}${eol}` });
    } else {
      throw new LinkageError('CONFIG_UNSUPPORTED', 'linkage.settingMissing', { setting: LINKAGE_KEYS[name], config: path }, { path });
    }
  }
  let text = yaml.text;
  for (const splice of splices.sort((a, b) => b.at - a.at)) text = text.slice(0, splice.at) + splice.text + text.slice(splice.to);
  verifyRewrite(yaml, text, changes, path);
  return text;
}

/** The rewritten text must parse to the original data with exactly the requested values changed. */
function verifyRewrite(original: LinkageYaml, text: string, changes: Partial<Record<LinkageKey, string>>, path: string): void {
  const doc = parseDocument(text);
  const expected = structuredClone(original.data) as Record<string, unknown>;
  for (const [name, value] of Object.entries(changes) as Array<[LinkageKey, string]>) expected[LINKAGE_KEYS[name]] = value;
  if (doc.errors.length > 0 || !isDeepStrictEqual(doc.toJS(), expected)) {
    throw new LinkageError('CONFIG_REWRITE_FAILED', 'linkage.rewriteUnsafe', { config: path }, { path });
  }
}
