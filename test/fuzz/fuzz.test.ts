/**
 * Property-based fuzzing of every adapter's fixture app: random and malformed requests
 * (2,500 by default; FUZZ_TEST_REQUESTS overrides) over real sockets. A fixture that does not exist yet is
 * reported as skipped, with the reason.
 */
import { describe, it } from 'node:test';
import { FIXTURE_APPS, fixtureMissing, startFixture } from '../scenarios/apps.js';
import { targetOf } from '../scenarios/run.js';
import { formatStats, fuzzApp } from './property.js';

const REQUESTS = Number(process.env.FUZZ_TEST_REQUESTS ?? 2500);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('fuzz: random and malformed requests', () => {
  for (const app of FIXTURE_APPS) {
    const missing = fixtureMissing(app);
    it(`${app.label}: ${REQUESTS} requests, no crash, no unexpected 5xx, valid envelopes, no secret`, {
      skip: missing ?? false,
      timeout: 120_000,
    }, async (t) => {
      const running = await startFixture(app);
      try {
        const stats = await fuzzApp(targetOf(running.url).port, {
          requests: REQUESTS,
          ...(SEED === undefined ? {} : { seed: SEED }),
        });
        t.diagnostic(formatStats(app.label, stats));
        if (stats.requests < REQUESTS)
          throw new Error(`only ${stats.requests} of ${REQUESTS} requests were sent`);
      } finally {
        await running.close();
      }
    });
  }
});
