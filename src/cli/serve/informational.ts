import type { IncomingMessage, ServerResponse } from 'node:http';
import { getStatus } from '../../index.js';
import { SAMPLE_LINK } from './sample-headers.js';

type InfoHeaders = Record<string, string | string[]>;

interface InformationalResponse extends ServerResponse {
  /** Node ≥ 24-ish: any 1xx except 101. Feature-detected. */
  writeInformation?: (code: number, headers?: InfoHeaders, cb?: () => void) => void;
  /** Node's internal raw writer, used by writeContinue and writeProcessing; last resort. */
  _writeRaw?: (data: string, encoding: BufferEncoding, cb?: () => void) => boolean;
}

/**
 * Sends a real interim (1xx) response before the final one: 100 via `writeContinue`, 102 via
 * `writeProcessing`, 103 via `writeEarlyHints` (with a sample `Link`), any other 1xx through
 * `writeInformation` when Node has it. Returns false when nothing was sent: 1xx is never sent to an
 * HTTP/1.0 client (RFC 9110 §15.2), and 101 only answers an `Upgrade` request.
 *
 * @example
 * sendInterim(req, res, 103) // client sees "HTTP/1.1 103 Early Hints" then the final response
 */
export function sendInterim(req: IncomingMessage, res: ServerResponse, code: number): boolean {
  if (req.httpVersionMajor < 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor === 0)) return false;
  const r = res as InformationalResponse;
  if (code === 100) res.writeContinue();
  else if (code === 102) res.writeProcessing();
  else if (code === 103) res.writeEarlyHints({ link: SAMPLE_LINK });
  else if (code === 101) return false;
  else if (typeof r.writeInformation === 'function') r.writeInformation(code, {});
  else if (typeof r._writeRaw === 'function') {
    const phrase = (getStatus(code)?.phrase ?? 'Informational').replace(/[^\x20-\x7e]/g, '');
    r._writeRaw(`HTTP/1.1 ${code} ${phrase}\r\n\r\n`, 'latin1');
  } else return false;
  return true;
}
