/**
 * What the runtime bundles put in place of the Node-only modules the Hono fixture
 * (test/fixtures/statuskit-hono.ts) imports for its `startApp()`, which the runtimes never call:
 * `statuskit/hono/node` and `node:events`. On workerd `@hapi/boom` is replaced too (it needs
 * Node's `Buffer`, which a Worker without `nodejs_compat` lacks), so `GET /boom` answers 500 there
 * and its row is skipped. Nothing of statuskit is replaced.
 */
function nodeOnly(name: string): never {
  throw new Error(`${name} is Node only and not part of this bundle`);
}

/** `statuskit/hono/node`'s `serve`. */
export function serve(): never {
  return nodeOnly('statuskit/hono/node');
}

/** `node:events`' `once`. */
export function once(): never {
  return nodeOnly('node:events');
}

/** `@hapi/boom`, on workerd. */
export default {
  conflict(): never {
    return nodeOnly('@hapi/boom');
  },
};
