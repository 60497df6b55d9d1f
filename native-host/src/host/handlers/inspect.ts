/**
 * `inspect`: the PKCS#12 report of a file, as `weborca-cert inspect --json` gives it: each problem's `message` in the
 * host's words, and its facts as `params` for a receiver with words of its own; a failure as the reader's code.
 */
import { readPkcs12, toInspectJson } from '../../../../src/lib/pkcs12';
import { problemMessage, readerFailure } from '../../pkcs12-words';
import type { Handler } from './context';
import { p12Bytes } from '../p12-field';

export const inspect: Handler<'inspect'> = async (request) => {
  const read = await readPkcs12(p12Bytes(request.p12), request.password);
  if (!read.ok) return { ok: false, error: readerFailure(read.error) };
  const document = toInspectJson(read.report, (problem) => problemMessage(problem));
  return {
    ...document,
    problems: document.problems.map((problem, index) => {
      const params = read.report.problems[index]!.params;
      return params ? { ...problem, params: { ...params } } : problem;
    }),
  };
};
