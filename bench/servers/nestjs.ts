// NestJS 12 on its Express platform without statuskit. direct: the 404 written with @Res() (baseline);
// anchor: Nest's own NotFoundException through its default filter; floor: statuskit's NotFoundError
// thrown to a minimal exception filter (what any throw costs here); json: the envelope returned.
import 'reflect-metadata';
import { type ArgumentsHost, Catch, Controller, Get, Module, NotFoundException, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { NotFoundError } from 'statuskit';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['direct', 'anchor', 'floor', 'json'] as const);

class NotesController {
  ok() {
    return { success: 'OK', data: NOTE };
  }
  one(res: Response) {
    if (mode === 'anchor') throw new NotFoundException();
    if (mode === 'floor') throw new NotFoundError();
    res.status(404).json({ error: 'Not found' });
  }
}

class MinimalFilter {
  catch(error: NotFoundError, host: ArgumentsHost) {
    host.switchToHttp().getResponse<Response>().status(error.status).json({ error: error.message });
  }
}

class AppModule {}

// Nest's decorators applied as calls: the bench runs its servers with the build's tsconfig, which
// does not reach bench/ (no experimentalDecorators there), and the code is the same.
const method = (name: 'ok' | 'one') => Object.getOwnPropertyDescriptor(NotesController.prototype, name)!;
Controller()(NotesController);
Get('ok')(NotesController.prototype, 'ok', method('ok'));
Get('notes/:id')(NotesController.prototype, 'one', method('one'));
Res()(NotesController.prototype, 'one', 0);
Module({ controllers: [NotesController] })(AppModule);
Catch(NotFoundError)(MinimalFilter);

const app = await NestFactory.create(AppModule, new ExpressAdapter(), { logger: false });
if (mode === 'floor') app.useGlobalFilters(new MinimalFilter());
await app.init();
listen(app.getHttpServer());
