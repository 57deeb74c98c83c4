// GET /metrics read by a real Prometheus text parser after scripted traffic: each
// counter says what was done (sign-ins by outcome, sign-ups, a replayed refresh
// token, a lockout, a per-IP refusal, a password upgrade), gauges read the database
// (sessions, mail outbox), requests are timed by route pattern, and no label carries
// user data. Never public: a token on the main port, or a port of its own.

import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { before, describe, test } from 'node:test';
import { hash } from '@node-rs/argon2';
import { dialects } from '../helpers/databases.js';
import { PASSWORD, passwordGrant, refreshGrant, signUp, type Tokens } from '../helpers/native-client.js';
import { Scrape } from '../helpers/prometheus-text.js';
import { TestClock, useTestApp } from '../helpers/test-app.js';
import { startMetricsServer } from '../../src/ops/metrics-http.js';

const TOKEN = 'metrics-token-0123456789abcdef';

for (const dialect of dialects) {
  describe(`metrics on ${dialect.name}`, () => {
    const clock = new TestClock();
    const t = useTestApp(dialect, { clock, env: { METRICS_TOKEN: TOKEN, RATE_LIMIT_SIGN_UP: '4' } });
    const plain = useTestApp(dialect);
    const email = (name: string) => `metrics-${name}-${dialect.name}@example.com`;

    async function scrape(): Promise<Scrape> {
      const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      return new Scrape(response.body);
    }

    before(async () => {
      await t.mail.worker.stop();
      const before = await scrape();
      assert.equal(before.value('sesame_sign_ins_total', { api: 'native', outcome: 'success' }), 0);

      // Two sign-ups, three good sign-ins, two wrong passwords.
      for (const name of ['alice', 'bob']) assert.equal((await signUp(t.app, email(name))).statusCode, 201);
      let tokens: Tokens | null = null;
      for (let i = 0; i < 3; i += 1) tokens = (await passwordGrant(t.app, email('alice'))).json<Tokens>();
      for (let i = 0; i < 2; i += 1) assert.equal((await passwordGrant(t.app, email('bob'), 'wrong password!')).statusCode, 400);
      // A refresh token used twice.
      assert.equal((await refreshGrant(t.app, tokens!.refresh_token)).statusCode, 200);
      assert.equal((await refreshGrant(t.app, tokens!.refresh_token)).statusCode, 400);
      // Ten failures lock an account; the next attempt is throttled.
      assert.equal((await signUp(t.app, email('carol'))).statusCode, 201);
      for (let i = 0; i < 10; i += 1) await passwordGrant(t.app, email('carol'), 'not her password');
      assert.equal((await passwordGrant(t.app, email('carol'))).statusCode, 429);
      // A hash made with weaker parameters is upgraded at sign-in.
      const dave = (await signUp(t.app, email('dave'))).json().user;
      const weak = await hash(PASSWORD, { algorithm: 2, memoryCost: 128, timeCost: 1, parallelism: 1 });
      await t.store.credentials.setPasswordHash(dave.id, weak, clock.now());
      assert.equal((await passwordGrant(t.app, email('dave'))).statusCode, 200);
      // RATE_LIMIT_SIGN_UP=4: this IP's fifth sign-up in the window is refused.
      assert.equal((await signUp(t.app, email('eve'))).statusCode, 429);
      clock.advance(120);
    });

    test('counters match the traffic', async () => {
      const s = await scrape();
      assert.equal(s.value('sesame_sign_ups_total', { api: 'native' }), 4);
      assert.equal(s.value('sesame_sign_ins_total', { api: 'native', outcome: 'success' }), 4);
      assert.equal(s.value('sesame_sign_ins_total', { api: 'native', outcome: 'invalid' }), 12);
      assert.equal(s.value('sesame_sign_ins_total', { api: 'native', outcome: 'throttled' }), 1);
      assert.equal(s.value('sesame_refresh_replays_total'), 1);
      assert.equal(s.value('sesame_lockouts_total'), 1);
      assert.equal(s.value('sesame_rate_limited_total', { kind: 'signUp' }), 1);
      assert.equal(s.value('sesame_password_upgrades_total', { format: 'argon2id' }), 1);
    });

    test('gauges read the database: live sessions, the outbox and its oldest mail', async () => {
      const s = await scrape();
      // alice: 3 sign-ins, one of them revoked by the replay; dave: 1.
      assert.equal(s.value('sesame_active_sessions'), 3);
      clock.advance(14 * 86_400);
      assert.equal((await scrape()).value('sesame_active_sessions'), 0, 'past the 14-day idle timeout');
      clock.advance(-14 * 86_400);
      const pending = await t.store.outbox.list({ status: 'pending', limit: 1000 });
      assert.equal(pending.length, 4, 'four verification mails wait');
      assert.equal(s.value('sesame_mail_outbox', { state: 'pending' }), pending.length);
      assert.equal(s.value('sesame_mail_outbox', { state: 'sent' }), 0);
      assert.ok(s.value('sesame_mail_oldest_pending_seconds') >= 120);
      assert.ok(s.family('sesame_db_pool_waiting'));
      assert.ok(s.family('process_cpu_user_seconds_total'), 'process metrics too');
    });

    test('requests are timed by route pattern, method and status class, with no user data in a label', async () => {
      const s = await scrape();
      const family = s.family('sesame_http_request_duration_seconds');
      assert.equal(family?.type, 'HISTOGRAM');
      assert.equal(s.series('sesame_http_request_duration_seconds_count', { route: '/v1/token', method: 'POST', status_class: '2xx' }), 5);
      assert.equal(s.series('sesame_http_request_duration_seconds_count', { route: '/v1/signup', method: 'POST', status_class: '2xx' }), 4);
      const token = { route: '/v1/token', method: 'POST', status_class: '2xx' };
      assert.equal(s.series('sesame_http_request_duration_seconds_bucket', { ...token, le: '+Inf' }), 5, 'the last bucket holds every request');
      const bounds = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'];
      const cumulative = bounds.map((le) => s.series('sesame_http_request_duration_seconds_bucket', { ...token, le }));
      assert.deepEqual([...cumulative].sort((a, b) => a - b), cumulative, `buckets never decrease: ${cumulative.join(' ')}`);
      assert.equal(cumulative.at(-2), 5, 'each token request answered within 5 s');
      assert.ok(s.series('sesame_http_request_duration_seconds_sum', token) > 0);

      // Timed once each, by what was matched: a HEAD on a GET route, an unknown path, a 404 from a route.
      await t.app.inject({ method: 'HEAD', url: '/healthz' });
      await t.app.inject({ method: 'GET', url: '/no/such/path/42' });
      await t.app.inject({ method: 'GET', url: '/v1/users/987654' });
      const after = await scrape();
      assert.equal(after.series('sesame_http_request_duration_seconds_count', { route: '/healthz', method: 'HEAD', status_class: '2xx' }), 1);
      assert.equal(after.series('sesame_http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status_class: '4xx' }), 1);
      assert.equal(after.series('sesame_http_request_duration_seconds_count', { route: '/v1/users/:id', method: 'GET', status_class: '4xx' }), 1);
      assert.equal(after.series('sesame_http_request_duration_seconds_count', token), 5);
      const labels = [...s.text.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
      assert.ok(labels.length > 0);
      for (const label of labels) assert.doesNotMatch(label, /@|metrics-/);
    });

    test('/metrics needs the token on the main port, and is absent without one', async () => {
      assert.equal((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
      const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.statusCode, 401);
      assert.equal((await plain.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
    });

    test('METRICS_PORT serves /metrics alone on a port of its own', async () => {
      const server = await startMetricsServer(t.metrics, 0, '127.0.0.1');
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/metrics`);
        assert.equal(response.status, 200);
        assert.equal(new Scrape(await response.text()).value('sesame_sign_ups_total', { api: 'native' }), 4);
        assert.equal((await fetch(`http://127.0.0.1:${port}/v1/me`)).status, 404);
      } finally {
        server.close();
      }
    });
  });
}
