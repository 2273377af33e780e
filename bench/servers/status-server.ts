// `statuskit serve` for `npm run bench:serve`: the status server on a free port of 127.0.0.1.
import { startStatusServer } from '../../src/cli/serve/index.js';
import { announcePort } from './listen.js';

startStatusServer({ host: '127.0.0.1', port: 0 }).then(
  ({ server, close }) => {
    const address = server.address();
    announcePort(typeof address === 'object' && address ? address.port : 0);
    process.once('SIGTERM', () => void close().then(() => process.exit(0)));
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
