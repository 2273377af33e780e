/**
 * statuskit/nestjs on both Nest platforms: the contract rows, the shared scenario table and the
 * guard suites on the fixture app (test/fixtures/statuskit-nestjs*.ts), then what only Nest has.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningApp } from '../fixtures/serve-on-free-port.js';
import { startNestApp, startApp as startOnExpress } from '../fixtures/statuskit-nestjs.js';
import { startApp as startOnFastify } from '../fixtures/statuskit-nestjs-fastify.js';
import { type RunningExample, startExample } from '../scenarios/apps.js';
import { exampleScenarios, hasRateLimitHeaders, rateLimitScenarios } from '../scenarios/examples-table.js';
import { guardSuites } from '../scenarios/guards-table.js';
import {
  assertScenario,
  perform,
  scenarioProblems,
  type Target,
  targetOf,
  type Vars,
} from '../scenarios/run.js';
import { scenarios } from '../scenarios/table.js';
import { describeContractRows } from './contract-rows.js';

const PLATFORMS = [
  { label: 'Express', platform: 'express' },
  { label: 'Fastify', platform: 'fastify' },
] as const;

describeContractRows('statuskit/nestjs on Express', startOnExpress);
describeContractRows('statuskit/nestjs on Fastify', startOnFastify);

for (const { label, platform } of PLATFORMS) {
  describe(`scenarios on NestJS (${label} platform)`, () => {
    let running: RunningApp | undefined;
    let target: Target;
    before(async () => {
      running = await startNestApp(platform);
      target = targetOf(running.url);
    });
    after(() => running?.close());
    for (const scenario of scenarios) {
      it(scenario.name, { timeout: 15_000 }, () => assertScenario(target, scenario));
    }
  });

  for (const suite of guardSuites) {
    describe(`${suite.name} on NestJS (${label} platform)`, () => {
      let running: RunningApp | undefined;
      let target: Target;
      const vars: Vars = new Map();
      before(async () => {
        running = await startNestApp(platform, suite.options());
        target = targetOf(running.url);
      });
      after(() => running?.close());
      for (const scenario of suite.scenarios) {
        it(scenario.name, { timeout: 15_000 }, () => assertScenario(target, scenario, vars));
      }
    });
  }
}

for (const platform of ['express', 'fastify']) {
  describe(`notes scenarios on examples/nestjs.ts (${platform} platform)`, () => {
    let running: RunningExample | undefined;
    let target: Target;
    const vars: Vars = new Map();
    before(async () => {
      running = await startExample('nestjs', { RATE_LIMIT: '100000', NEST_PLATFORM: platform });
      target = targetOf(running.url);
    });
    after(() => running?.close());
    for (const scenario of exampleScenarios) {
      it(scenario.name, { timeout: 15_000 }, () => assertScenario(target, scenario, vars));
    }
  });

  describe(`rate limiting on examples/nestjs.ts (${platform} platform, RATE_LIMIT=2)`, () => {
    let running: RunningExample | undefined;
    let target: Target;
    const vars: Vars = new Map();
    before(async () => {
      running = await startExample('nestjs', { RATE_LIMIT: '2', NEST_PLATFORM: platform });
      target = targetOf(running.url);
    });
    after(() => running?.close());
    for (const scenario of rateLimitScenarios) {
      it(scenario.name, { timeout: 15_000 }, async () => {
        if (scenario.expect.status !== 201) return assertScenario(target, scenario, vars);
        // a write within the limit: the table fixes its status, and it must carry RateLimit headers
        const response = await perform(target, scenario.request, false);
        assert.deepEqual(scenarioProblems(scenario, response), []);
        assert.ok(hasRateLimitHeaders(response.headers), JSON.stringify(response.headers));
      });
    }
  });
}
