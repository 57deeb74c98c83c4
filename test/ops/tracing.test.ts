// With OTEL_EXPORTER_OTLP_ENDPOINT set, spans reach a real OTLP/HTTP receiver on
// loopback (the exporter's JSON encoding): the request, the store calls and argon2,
// in one trace per request, and no secret (password, token, email) in any attribute.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { dialects } from '../helpers/databases.js';
import { PASSWORD, passwordGrant, signUp, type Tokens } from '../helpers/native-client.js';
import { useTestApp } from '../helpers/test-app.js';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes?: { key: string; value: OtlpValue }[];
}
interface OtlpExport {
  resourceSpans: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

async function startOtlpReceiver() {
  const spans: OtlpSpan[] = [];
  const services: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces' && String(request.headers['content-type']).startsWith('application/json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
        for (const resource of body.resourceSpans) {
          const name = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
          if (name) services.push(name);
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, spans, services, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const receiver = await startOtlpReceiver();
after(() => receiver.close());

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue !== undefined ? Number(value.intValue) : undefined);
};

for (const dialect of dialects) {
  describe(`traces on ${dialect.name}`, () => {
    const t = useTestApp(dialect, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    const email = `traced-${dialect.name}@example.com`;
    let tokens: Tokens;
    before(async () => {
      receiver.spans.length = 0;
      assert.equal((await signUp(t.app, email)).statusCode, 201);
      tokens = (await passwordGrant(t.app, email)).json<Tokens>();
      await t.app.inject({ method: 'GET', url: '/v1/verify-email?token=secret-link-token-123' });
      await t.tracing!.flush();
    });

    test('a sign-in is one trace: the request, its store calls and argon2 under it', () => {
      const request = receiver.spans.find((span) => span.name === 'request' && attribute(span, 'http.route') === '/v1/token');
      assert.ok(request, `spans: ${receiver.spans.map((s) => s.name).join(', ')}`);
      assert.equal(attribute(request, 'http.response.status_code'), 200);
      const inTrace = receiver.spans.filter((span) => span.traceId === request.traceId);
      const names = inTrace.map((span) => span.name);
      assert.ok(names.includes('argon2.verify'), names.join(', '));
      assert.ok(names.includes('store.users.findByEmail'), names.join(', '));
      assert.ok(names.some((name) => name.startsWith('store.sessions.')), names.join(', '));
      for (const span of inTrace.filter((s) => s !== request)) assert.ok(span.parentSpanId, `${span.name} has a parent`);
      assert.ok(receiver.services.includes('sesame'));
    });

    test('no attribute carries a password, a token or an email', () => {
      const verify = receiver.spans.find((span) => span.name === 'request' && attribute(span, 'http.route') === '/v1/verify-email');
      assert.equal(attribute(verify!, 'url.path'), '/v1/verify-email');
      const everything = JSON.stringify(receiver.spans);
      for (const secret of [PASSWORD, email, 'secret-link-token-123', tokens.access_token, tokens.refresh_token]) {
        assert.equal(everything.includes(secret), false, `a span carries ${secret.slice(0, 12)}…`);
      }
    });
  });
}

describe('traces off', () => {
  const t = useTestApp(dialects[0]!);
  test('without OTEL_EXPORTER_OTLP_ENDPOINT nothing is traced or wrapped', async () => {
    assert.equal(t.tracing, null);
    receiver.spans.length = 0;
    await signUp(t.app, 'untraced@example.com');
    assert.equal(receiver.spans.length, 0);
  });
});
