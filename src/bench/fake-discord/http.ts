// HTTP plumbing: reading/parsing request bodies (JSON and multipart) and writing JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './messages.js';
import type { RecordedFile } from './types.js';

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
  formFields: Record<string, string>;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses `application/json` and `multipart/form-data` (payload_json + files[n]) bodies. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  const out: ParsedBody = { body: null, files: [], formFields: {} };
  if (raw.length === 0) return out;
  const ct = contentType ?? '';
  if (ct.startsWith('multipart/form-data')) {
    // undici's spec-compliant multipart parser, reachable through the global Response.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': ct } }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') out.body = JSON.parse(value);
        else out.formFields[field] = value;
        continue;
      }
      const content = Buffer.from(await value.arrayBuffer());
      out.files.push({
        field,
        filename: value.name,
        contentType: value.type || 'application/octet-stream',
        size: content.length,
        content,
        text: content.toString('utf8'),
      });
    }
    return out;
  }
  const text = raw.toString('utf8');
  try {
    out.body = JSON.parse(text);
  } catch {
    out.body = text;
  }
  return out;
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.status === 204 || reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = Buffer.from(JSON.stringify(reply.body));
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Headers of an ordinary (not limited) answer: a bucket with room left, like Discord sends. */
export function okRateLimitHeaders(bucket: string): Record<string, string> {
  return {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '4',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': '1.000',
    'x-ratelimit-bucket': bucket,
  };
}
