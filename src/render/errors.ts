/** @fileoverview RenderError: `--helm` / `--kustomize` cannot run at all (tool missing); the CLI exits 2. */

/** A renderer the user asked for cannot be used; the message is one line, ready to print. */
export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}
