/**
 * Stands for the README's Hono example in apps.ts: the runtime bundles (launch.ts) hold the
 * example itself in this module's place (readme-hono.ts extracts it from README.md). Node never
 * serves it from here.
 */
export default {
  fetch(): never {
    throw new Error('the README’s Hono example is put in place of this module by test/runtimes/launch.ts');
  },
};
