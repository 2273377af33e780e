/**
 * statuskit/nestjs on both Nest platforms: the contract rows, the shared scenario table and the
 * guard suites on the fixture app (test/fixtures/statuskit-nestjs*.ts), then what only Nest has.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  type INestApplication,
  InternalServerErrorException,
  Module,
  Post,
  Redirect,
  Sse,
  StandardSchemaValidationPipe,
  StreamableFile,
  UnauthorizedException,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { IsNotEmpty, IsString } from 'class-validator';
import { of } from 'rxjs';
import { type AdapterOptions, applyStatuskit, SkipEnvelope } from 'statuskit/nestjs';
import { z } from 'zod';
import { checkApi, parseRouteFlag } from '../../src/cli/check/index.js';
import type { RunningApp } from '../fixtures/serve-on-free-port.js';
import { type NestPlatform, startNestApp, startApp as startOnExpress } from '../fixtures/statuskit-nestjs.js';
import { startApp as startOnFastify } from '../fixtures/statuskit-nestjs-fastify.js';
import { startApp as startOnNode } from '../fixtures/statuskit-node.js';
import { runDifferential } from '../fuzz/differential-run.js';
import { formatStats, fuzzApp } from '../fuzz/property.js';
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
import { assertError, describeContractRows } from './contract-rows.js';
import { call, recordingLogger } from './http-client.js';

/** Fewer cases than the fuzz and differential suites of every adapter: this file runs them for Nest alone. */
const DIFF_CASES = Number(process.env.DIFF_CASES ?? 300);
const FUZZ_REQUESTS = Number(process.env.FUZZ_TEST_REQUESTS ?? 1000);

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

  it(`statuskit check --unsafe finds nothing on examples/nestjs.ts (${platform} platform)`, async () => {
    const running = await startExample('nestjs', { RATE_LIMIT: '1000', NEST_PLATFORM: platform });
    try {
      for (const envelope of [undefined, 'statuskit'] as const) {
        const result = await checkApi({
          url: running.url,
          routes: ['GET,POST /notes', 'GET,PUT,DELETE /notes/{id}', 'GET /crash'].flatMap((r) =>
            parseRouteFlag(r),
          ),
          auth: [['Authorization', 'Bearer write-token']],
          unsafe: true,
          envelope,
          delayMs: 5,
        });
        const findings = result.findings.map((f) => `${f.check}: ${f.detail}\n${f.response}`);
        assert.deepEqual(findings, [], `envelope ${envelope ?? 'off'}`);
        assert.ok(result.requests >= 25, 'the probes ran');
      }
    } finally {
      await running.close();
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

/** A Nest module with one controller. */
function TestModuleOf(controller: new () => unknown) {
  @Module({ controllers: [controller] })
  class TestModule {}
  return TestModule;
}

/** A Nest app on a platform with the given controller and statuskit applied, on a free port. */
async function serveNest(
  platform: NestPlatform,
  controller: new () => unknown,
  options: AdapterOptions,
  configure: (app: INestApplication) => void = () => {},
) {
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(TestModuleOf(controller), adapter, {
    logger: false,
    abortOnError: false,
  });
  configure(app);
  app.use(function failing(req: { url?: string }, _res: unknown, next: (error?: unknown) => void) {
    next(req.url === '/middleware-error' ? new ForbiddenException('Not from here') : undefined);
  });
  await applyStatuskit(app, options);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      app.getHttpServer().closeAllConnections();
      await app.close();
    },
  };
}

const noteSchema = z.object({ title: z.string().min(1) });

/** A DTO as Nest's docs write it, for ValidationPipe (class-validator). */
class CreateNoteDto {
  @IsString()
  @IsNotEmpty()
  title!: string;
}
/** tsx emits no decorator metadata, so the pipe is told the DTO (expectedType). */
const dtoPipe = new ValidationPipe({ expectedType: CreateNoteDto });

@Controller()
class NestIdioms {
  @Post('notes') create(
    @Body({ schema: noteSchema, pipes: [new StandardSchemaValidationPipe()] }) body: unknown,
  ) {
    return body;
  }
  @Post('dto') dto(@Body(dtoPipe) body: CreateNoteDto) {
    return body;
  }
  @Get('bad') bad() {
    throw new BadRequestException('Title is missing');
  }
  @Get('who') who() {
    throw new UnauthorizedException();
  }
  @Get('teapot') teapot() {
    throw new HttpException('Slow down', 429);
  }
  @Get('secret') secret() {
    throw new InternalServerErrorException('secret-token-123');
  }
  @Get('queued') @HttpCode(202) queued() {
    return { job: 7 };
  }
  @Get('text') @SkipEnvelope() text() {
    return 'plain words';
  }
  @Get('file') file() {
    return new StreamableFile(Buffer.from('file bytes'));
  }
  @Get('moved') @Redirect('/queued', 301) moved() {}
  @Sse('events') events() {
    return of({ data: 'first' });
  }
  @Get('middleware-error') never() {
    return 'not reached';
  }
}

for (const platform of ['express', 'fastify'] as const) {
  describe(`statuskit/nestjs: Nest's own idioms (${platform} platform)`, () => {
    it("answers Nest's HttpException family and validation pipes in the envelope", async () => {
      const { url, close } = await serveNest(platform, NestIdioms, { logger: false });
      try {
        const post = (body: string) =>
          call(`${url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assert.deepEqual((await post('{"title":"a"}')).json, { success: 'Created', data: { title: 'a' } });
        const invalid = await post('{"title":""}');
        assertError(invalid, 400, 'Validation failed');
        assert.equal(invalid.json.details[0].path, 'title');
        const dto = (body: string) =>
          call(`${url}/dto`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assert.deepEqual((await dto('{"title":"a"}')).json, { success: 'Created', data: { title: 'a' } });
        const listed = await dto('{"title":5}');
        assertError(listed, 400, 'Validation failed');
        assert.deepEqual(listed.json.details, [{ path: '', message: 'title must be a string' }]);
        const empty = await dto('{}');
        assertError(empty, 400, 'Validation failed');
        assert.equal(empty.json.details.length, 2, 'one detail per failed constraint');
        assert.deepEqual((await call(`${url}/bad`)).json, { error: 'Title is missing' });
        const who = await call(`${url}/who`);
        assertError(who, 401, 'Unauthorized');
        assert.equal(
          who.headers.get('www-authenticate'),
          'Bearer',
          'RFC 9110 §15.5.2: a 401 carries a challenge',
        );
        assertError(await call(`${url}/teapot`), 429, 'Slow down');
        const secret = await call(`${url}/secret`);
        assert.equal(secret.text, '{"error":"Internal server error"}');
        assertError(await call(`${url}/middleware-error`), 403, 'Not from here');
      } finally {
        await close();
      }
    });

    it('answers validation failures with validationStatus, and logs a hidden 500 once', async () => {
      const logger = recordingLogger();
      const { url, close } = await serveNest(platform, NestIdioms, { logger, validationStatus: 422 });
      try {
        const invalid = await call(`${url}/notes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        assertError(invalid, 422, 'Validation failed');
        assert.equal(logger.logged.length, 0);
        assertError(await call(`${url}/secret`), 500, 'Internal server error');
        assert.equal(logger.logged.length, 1);
      } finally {
        await close();
      }
    });

    it('sends @HttpCode and @Redirect answers in the envelope, and leaves files, SSE and @SkipEnvelope routes alone', async () => {
      const { url, close } = await serveNest(platform, NestIdioms, { logger: false });
      try {
        const queued = await call(`${url}/queued`);
        assert.equal(queued.status, 202);
        assert.equal(queued.text, '{"success":"Accepted","data":{"job":7}}');
        const text = await call(`${url}/text`);
        assert.equal(text.status, 200);
        assert.equal(text.text, 'plain words');
        const file = await call(`${url}/file`);
        assert.equal(file.status, 200);
        assert.equal(file.text, 'file bytes');
        assert.equal(file.headers.get('content-type'), 'application/octet-stream');
        const moved = await call(`${url}/moved`, { redirect: 'manual' });
        assert.equal(moved.status, 301);
        assert.equal(moved.headers.get('location'), '/queued');
        assert.equal(moved.headers.get('content-type'), 'application/json; charset=utf-8');
        assert.equal(typeof moved.json.success, 'string');
        const events = await call(`${url}/events`);
        assert.equal(events.headers.get('content-type'), 'text/event-stream');
        assert.match(events.text, /^data: first$/m);
      } finally {
        await close();
      }
    });
  });
}

describe('statuskit/nestjs: configuration', () => {
  it('refuses an app that init() has already set up, whose routes would come before statuskit', async () => {
    const app = await NestFactory.create(TestModuleOf(NestIdioms), new ExpressAdapter(), { logger: false });
    try {
      await app.init();
      await assert.rejects(applyStatuskit(app), { code: 'ERR_STATUSKIT_ROUTES_FIRST' });
    } finally {
      await app.close();
    }
  });

  for (const { label, platform } of PLATFORMS) {
    it(`answers 404, 405 and OPTIONS under a global prefix (${label} platform)`, async () => {
      const { url, close } = await serveNest(platform, NestIdioms, { logger: false }, (app) =>
        app.setGlobalPrefix('api'),
      );
      try {
        assert.equal((await call(`${url}/api/queued`)).status, 202);
        assertError(await call(`${url}/queued`), 404, 'Not found');
        const wrong = await call(`${url}/api/notes`, { method: 'DELETE' });
        assertError(wrong, 405, 'Method not allowed');
        assert.equal(wrong.headers.get('allow'), 'POST, OPTIONS');
        const options = await call(`${url}/api/queued`, { method: 'OPTIONS' });
        assert.equal(options.status, 204);
        assert.equal(options.headers.get('allow'), 'GET, HEAD, OPTIONS');
      } finally {
        await close();
      }
    });
  }

  it('refuses an app on another platform with a coded configuration error', async () => {
    const app = { getHttpAdapter: () => ({ getType: () => 'koa' }) };
    await assert.rejects(applyStatuskit(app as never), { code: 'ERR_STATUSKIT_INVALID_OPTION' });
  });
});

describe('statuskit/nestjs: fuzz and the differential test against node:http', () => {
  it('answers generated requests as the node:http fixture does, on both platforms', {
    timeout: 300_000,
  }, async (t) => {
    const apps = [
      { label: 'node:http', app: await startOnNode() },
      { label: 'NestJS (Express)', app: await startOnExpress() },
      { label: 'NestJS (Fastify)', app: await startOnFastify() },
    ];
    try {
      const targets = apps.map(({ label, app }) => ({ label, port: targetOf(app.url).port }));
      const report = await runDifferential(targets, { cases: DIFF_CASES });
      t.diagnostic(report.summary);
      assert.deepEqual(report.failures, [], report.failures.join('\n\n'));
    } finally {
      for (const { app } of apps) await app.close();
    }
  });

  for (const { label, platform } of PLATFORMS) {
    it(`${label} platform: random and malformed requests, no crash, no unexpected 5xx, no secret`, {
      timeout: 120_000,
    }, async (t) => {
      const running = await startNestApp(platform);
      try {
        const stats = await fuzzApp(targetOf(running.url).port, { requests: FUZZ_REQUESTS });
        t.diagnostic(formatStats(`NestJS (${label})`, stats));
        assert.equal(stats.requests, FUZZ_REQUESTS);
      } finally {
        await running.close();
      }
    });
  }
});
