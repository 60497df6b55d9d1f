/**
 * What a CLI command may touch of the outside world. Commands get this instead of `process` so tests can run them
 * in-process, and so the host mode can never accidentally print to stdout (stdout carries frames there).
 */
export interface CliIO {
  /** All of stdin (used for --password-stdin). */
  readStdin(): Promise<Buffer>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Injected clock for expiry maths. */
  now(): Date;
}

/** Exit codes shared by every command: 0 ok, 1 the operation failed (error explained), 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A CLI command: argv after the command name. */
export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;
