import type { Server } from 'node:http';

/** The payload every success configuration sends. */
export const NOTE = { id: 1, title: 'Buy milk', done: false } as const;

/** Which way a server answers, from its first command-line argument. */
export function variant<V extends string>(allowed: readonly V[]): V {
  const chosen = process.argv[2] as V | undefined;
  if (!chosen || !allowed.includes(chosen)) {
    console.error(`usage: <server> ${allowed.join('|')}`);
    process.exit(2);
  }
  return chosen;
}

/** Prints the port the harness waits for (`port=<n>`). */
export function announcePort(port: number): void {
  process.stdout.write(`port=${port}\n`);
}

/** Listens on a free port of 127.0.0.1 and announces it. */
export function listen(server: Server): void {
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    announcePort(typeof address === 'object' && address ? address.port : 0);
  });
}
