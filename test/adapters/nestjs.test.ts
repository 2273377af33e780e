import { startApp as startOnExpress } from '../fixtures/statuskit-nestjs.js';
import { startApp as startOnFastify } from '../fixtures/statuskit-nestjs-fastify.js';
import { describeContractRows } from './contract-rows.js';

describeContractRows('statuskit/nestjs on Express', startOnExpress);
describeContractRows('statuskit/nestjs on Fastify', startOnFastify);
