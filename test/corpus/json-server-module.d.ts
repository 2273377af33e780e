// json-server 0.17 ships no types; the corpus uses its documented module API only.
declare module 'json-server' {
  import type { Express, RequestHandler } from 'express';

  const jsonServer: {
    create(): Express;
    router(source: string): RequestHandler;
    defaults(options?: { logger?: boolean; static?: string }): RequestHandler[];
  };
  export default jsonServer;
}
