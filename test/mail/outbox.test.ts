// The outbox delivers exactly once through SMTP outages, refusals, restarts and
// two Sésame processes on one database; it gives up after MAIL_MAX_ATTEMPTS.
// The background loop is stopped in each app so that the test drives the worker
// (runOnce) and the clock by hand: nothing here waits for time to pass.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { dialects, type TestDatabase } from '../helpers/databases.js';
import { startMailServer, type MailServer } from '../helpers/mail-server.js';
import { signUp } from '../helpers/native-client.js';
import { TestClock, startTestApp, type TestApp } from '../helpers/test-app.js';
import { openServices } from '../../src/services.js';
import { testConfig } from '../helpers/test-app.js';

for (const dialect of dialects) {
  describe(`mail outbox on ${dialect.name}`, () => {
    let database: TestDatabase;
    let smtp: MailServer;
    const clock = new TestClock();
    const env = () => ({ SMTP_URL: smtp.url, MAIL_MAX_ATTEMPTS: '3' });

    /** An app whose worker only runs when the test says so. */
    async function manualApp(): Promise<TestApp> {
      const t = await startTestApp(database, { clock, env: env() });
      await t.mail.worker.stop();
      return t;
    }

    before(async () => {
      database = await dialect.create();
      smtp = await startMailServer();
    });
    after(async () => {
      await smtp.close();
      await database.drop();
    });

    test('SMTP down at sign-up, then up: the mail is delivered once, after the backoff', async () => {
      const t = await manualApp();
      try {
        await smtp.stop();
        assert.equal((await signUp(t.app, 'down@example.com')).statusCode, 201, 'sign-up does not wait for SMTP');
        assert.equal(await t.mail.worker.runOnce(), 0);
        const [pending] = await t.store.outbox.list({ to: 'down@example.com', limit: 1 });
        assert.equal(pending?.status, 'pending');
        assert.equal(pending?.attempts, 1);
        assert.deepEqual(pending?.nextAttemptAt, new Date(clock.now().getTime() + 30_000));
        await smtp.start();
        assert.equal(await t.mail.worker.runOnce(), 0, 'not before its retry time');
        clock.advance(30);
        assert.equal(await t.mail.worker.runOnce(), 1);
        assert.equal(await t.mail.worker.runOnce(), 0);
        assert.equal(smtp.to('down@example.com').length, 1);
        const [listed] = await t.store.outbox.list({ to: 'down@example.com', limit: 1 });
        const sent = listed && (await t.store.outbox.findById(listed.id));
        assert.equal(sent?.status, 'sent');
        assert.equal(sent?.text, '', 'a delivered mail does not keep its live link');
      } finally {
        await smtp.start();
        await t.close();
      }
    });

    test('a server that refuses is retried with growing delays, then the mail is marked failed', async () => {
      const t = await manualApp();
      try {
        smtp.refuse(true);
        await signUp(t.app, 'refused@example.com');
        await t.mail.worker.runOnce();
        clock.advance(30);
        await t.mail.worker.runOnce();
        const [second] = await t.store.outbox.list({ to: 'refused@example.com', limit: 1 });
        assert.equal(second?.attempts, 2);
        assert.deepEqual(second?.nextAttemptAt, new Date(clock.now().getTime() + 60_000), 'the delay doubles');
        assert.match(second?.lastError ?? '', /451/);
        clock.advance(60);
        await t.mail.worker.runOnce();
        const [failed] = await t.store.outbox.list({ to: 'refused@example.com', limit: 1 });
        assert.equal(failed?.status, 'failed');
        assert.equal(failed?.attempts, 3);
        smtp.refuse(false);
        clock.advance(24 * 3600);
        assert.equal(await t.mail.worker.runOnce(), 0, 'a failed mail is not tried again');
        assert.equal(smtp.to('refused@example.com').length, 0);
        assert.ok(t.logs.some((line) => line.includes('sending failed for good')));
      } finally {
        smtp.refuse(false);
        await t.close();
      }
    });

    test('a crash between the commit and the send loses nothing: the restarted app delivers', async () => {
      const first = await manualApp();
      await signUp(first.app, 'crash@example.com');
      await first.close(); // the process dies before its worker ran
      assert.equal(smtp.to('crash@example.com').length, 0);
      const second = await startTestApp(database, { clock, env: env() }); // its worker starts with it
      try {
        const mail = await smtp.waitFor('crash@example.com');
        assert.match(mail.subject, /Confirm your email address/);
        await second.mail.worker.runOnce();
        assert.equal(smtp.to('crash@example.com').length, 1);
      } finally {
        await second.close();
      }
    });

    test('a worker that died holding a mail delays it until its lease ends; it is then sent once', async () => {
      const t = await manualApp();
      try {
        await signUp(t.app, 'lease@example.com');
        const [mail] = await t.store.outbox.list({ to: 'lease@example.com', limit: 1 });
        const claimed = await t.store.outbox.claim(mail!.id, 'dead-worker.1', clock.now(), new Date(clock.now().getTime() + 120_000));
        assert.ok(claimed, 'the dead worker held the lease');
        assert.equal(await t.mail.worker.runOnce(), 0, 'a live lease is respected');
        clock.advance(121);
        assert.equal(await t.mail.worker.runOnce(), 1);
        assert.equal(await t.store.outbox.markSent(mail!.id, 'dead-worker.1', clock.now(), true), false, 'the dead worker’s lease is void');
        assert.equal(smtp.to('lease@example.com').length, 1);
      } finally {
        await t.close();
      }
    });

    test('two Sésame processes on one database never send one mail twice', async () => {
      const one = await openServices(testConfig(database.url, env()), clock);
      const two = await openServices(testConfig(database.url, env()), clock);
      try {
        const addresses = Array.from({ length: 16 }, (_, i) => `pair${i}@example.com`);
        for (const email of addresses) {
          await one.core.accounts.signUp({ email, password: 'pair password number 1' }, { api: 'native', ip: null, userAgent: null }, {
            verification: { link: (token) => `https://id.example.org/account/verify-email?token=${token}` },
          });
        }
        const [a, b] = await Promise.all([one.mail.worker.runOnce(), two.mail.worker.runOnce()]);
        assert.ok(a > 0 && b > 0, `both processes worked (${a} and ${b})`);
        for (const email of addresses) assert.equal(smtp.to(email).length, 1, `${email} got one mail`);
        const ids = addresses.map((email) => smtp.to(email)[0]!.messageId);
        assert.equal(new Set(ids).size, ids.length, 'each outbox row has its own Message-ID');
      } finally {
        await one.mail.close();
        await two.mail.close();
        await one.store.close();
        await two.store.close();
      }
    });
  });
}
