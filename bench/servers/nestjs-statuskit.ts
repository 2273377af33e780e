// NestJS 12 on its Express platform with statuskit/nestjs. thrown: GET /notes/:id throws NotFoundError
// and GET /ok returns the note (the success envelope is statuskit's); direct: the 404 written with @Res().
import 'reflect-metadata';
import { Controller, Get, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { NotFoundError } from 'statuskit';
import { applyStatuskit } from 'statuskit/nestjs';
import { listen, NOTE, variant } from './listen.js';

const mode = variant(['thrown', 'direct'] as const);

class NotesController {
  ok() {
    return NOTE;
  }
  one(res: Response) {
    if (mode === 'thrown') throw new NotFoundError();
    res.status(404).json({ error: 'Not found' });
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

const app = await NestFactory.create(AppModule, new ExpressAdapter(), { logger: false });
await applyStatuskit(app, { logger: false });
await app.init();
listen(app.getHttpServer());
