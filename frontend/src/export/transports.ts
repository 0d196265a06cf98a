// Where --export sends spans: OTLP/HTTP JSON, Zipkin v2 JSON, or a file of
// OTLP JSON payloads (one ExportTraceServiceRequest per line, as the
// OpenTelemetry Collector's file exporter writes them).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { UserError } from '../user-error';
import { ExportError, type Transport } from './exporter';
import { otlpPayload } from './otlp';
import type { ExportSpan } from './span';
import { zipkinPayload } from './zipkin';

export interface Scope {
  readonly name: string;
  readonly version: string;
}

/** POSTs @body; retryable failures: network errors, timeouts, 408, 429 and 5xx. */
export function postJson(url: URL, body: string, timeoutMs: number): Promise<void> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => {
        if (status >= 200 && status < 300) resolve();
        else reject(new ExportError(`${url.href}: HTTP ${status}`, status === 408 || status === 429 || status >= 500));
      });
      res.on('error', (err) => reject(new ExportError(`${url.href}: ${err.message}`, true)));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new ExportError(`${url.href}: ${err.message}`, true)));
    req.end(body);
  });
}

export function otlpTransport(url: URL, scope: Scope, timeoutMs: number): Transport {
  return { name: `otlp ${url.href}`, send: (batch: readonly ExportSpan[]) => postJson(url, JSON.stringify(otlpPayload(batch, scope)), timeoutMs) };
}

export function zipkinTransport(url: URL, timeoutMs: number): Transport {
  return { name: `zipkin ${url.href}`, send: (batch: readonly ExportSpan[]) => postJson(url, JSON.stringify(zipkinPayload(batch)), timeoutMs) };
}

export function fileTransport(path: string, scope: Scope): Transport {
  return {
    name: `file ${path}`,
    send: async (batch: readonly ExportSpan[]) => {
      try {
        await fs.promises.appendFile(path, `${JSON.stringify(otlpPayload(batch, scope))}\n`);
      } catch (err) {
        throw new ExportError(`${path}: ${(err as Error).message}`, false);
      }
    },
  };
}

/** A base URL gets the protocol's path (/v1/traces, /api/v2/spans); a URL with a path is used as it is. */
function endpointUrl(text: string, path: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`--export ${option}: not a URL`, 2);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--export ${option}: only http and https URLs`, 2);
  if (url.pathname === '/' || url.pathname === '') url.pathname = path;
  return url;
}

/** `otlp=URL`, `zipkin=URL` or `file=PATH`. */
export function parseExportTarget(option: string, scope: Scope, timeoutMs = 10_000): Transport {
  const eq = option.indexOf('=');
  const kind = eq < 0 ? '' : option.slice(0, eq);
  const where = option.slice(eq + 1);
  if (eq < 0 || !where) throw new UserError(`--export ${option}: give otlp=URL, zipkin=URL or file=PATH`, 2);
  switch (kind) {
    case 'otlp':
      return otlpTransport(endpointUrl(where, '/v1/traces', option), scope, timeoutMs);
    case 'zipkin':
      return zipkinTransport(endpointUrl(where, '/api/v2/spans', option), timeoutMs);
    case 'file':
      return fileTransport(where, scope);
    default:
      throw new UserError(`--export ${option}: unknown target '${kind}' (otlp, zipkin or file)`, 2);
  }
}
