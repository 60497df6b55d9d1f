/** The slice of web-ext's programmatic API that scripts/package.ts uses (web-ext ships no type declarations). */
declare module 'web-ext' {
  interface LintOptions {
    sourceDir: string;
    selfHosted: boolean;
    output: 'none' | 'text' | 'json';
    boring: boolean;
    pretty: boolean;
    verbose: boolean;
    warningsAsErrors: boolean;
    metadata: boolean;
    privileged: boolean;
    enterprise: boolean;
  }
  const webExt: {
    cmd: {
      lint(options: LintOptions, runOptions: { shouldExitProgram: boolean }): Promise<unknown>;
    };
  };
  export default webExt;
}
