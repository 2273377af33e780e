/**
 * The notes API (docs/design/example-app.md) on NestJS with statuskit/nestjs, on Nest's Express platform, or on
 * its Fastify platform with NEST_PLATFORM=fastify.
 * Start: PORT=3000 npx tsx examples/nestjs.ts (RATE_LIMIT=<writes per minute>, default 60)
 * Nest's decorators need `experimentalDecorators` in tsconfig.json; tsx and esbuild emit no
 * decorator metadata, so the store is injected by token (`@Inject(NoteStore)`).
 */
import 'reflect-metadata';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  Inject,
  Module,
  Param,
  Post,
  Put,
  Req,
  UseGuards,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { created, noContent, ok } from 'statuskit';
import { rateLimit } from 'statuskit/guards';
import { applyStatuskit, etagFor, preconditions, statuskitGuard } from 'statuskit/nestjs';
import { BODY_LIMIT, crash, HOST, NoteStore, PORT, RATE_LIMIT, requireWriter } from './notes/notes.js';

// One bucket per client for every write: 429 with Retry-After and RateLimit headers past it.
const Writes = statuskitGuard(rateLimit({ limit: RATE_LIMIT, windowMs: 60_000 }));

@Controller()
class NotesController {
  constructor(@Inject(NoteStore) private readonly store: NoteStore) {}

  // A returned value is sent as 200 {"success":"OK","data":…}.
  @Get('notes') list() {
    return this.store.list();
  }

  @Post('notes')
  @UseGuards(Writes)
  async create(
    @Headers('authorization') auth: string | undefined,
    @Body() body: unknown,
    @Req() req: unknown,
  ) {
    requireWriter(auth);
    const note = await this.store.create(body);
    return created(`/notes/${note.id}`, note, { headers: { etag: etagFor(req, note) } });
  }

  @Get('notes/:id') one(@Param('id') id: string) {
    return this.store.get(id);
  }

  @Put('notes/:id')
  @UseGuards(Writes)
  async replace(
    @Param('id') id: string,
    @Headers('authorization') auth: string | undefined,
    @Body() body: unknown,
    @Req() req: unknown,
  ) {
    requireWriter(auth);
    preconditions(req, etagFor(req, this.store.get(id))); // a stale If-Match → 412
    const note = await this.store.replace(id, body);
    return ok(note, { headers: { etag: etagFor(req, note) } });
  }

  @Delete('notes/:id')
  @UseGuards(Writes)
  remove(@Param('id') id: string, @Headers('authorization') auth: string | undefined) {
    requireWriter(auth);
    this.store.remove(id);
    return noContent();
  }

  @Get('crash') crash() {
    return crash();
  }
}

@Module({ controllers: [NotesController], providers: [NoteStore] })
class NotesModule {}

const fastify = process.env.NEST_PLATFORM === 'fastify';
const app = await NestFactory.create(
  NotesModule,
  // Fastify's default refuses ids over 100 characters; the other frameworks route them.
  fastify ? new FastifyAdapter({ routerOptions: { maxParamLength: 8192 } }) : new ExpressAdapter(),
  { logger: false },
);
// etag: 200s to GET/HEAD carry an ETag, and a matching If-None-Match gets 304.
await applyStatuskit(app, { bodyLimit: BODY_LIMIT, etag: 'strong' });
await app.listen(PORT, HOST);
console.log(`notes API (NestJS on ${fastify ? 'Fastify' : 'Express'}) on http://${HOST}:${PORT}`);
