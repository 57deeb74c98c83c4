// The SMTP mailer hands nodemailer each recipient as an address object, never as a
// string it would parse: even an address that slipped past validation reaches no
// second recipient through a comma or angle brackets.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSmtpMailer } from '../../src/mail/smtp-mailer.js';
import { startMailServer } from '../helpers/mail-server.js';

test('a recipient string with a comma or angle brackets is one recipient, not a list', async () => {
  const smtp = await startMailServer();
  const mailer = createSmtpMailer(smtp.url);
  try {
    for (const to of ['a,attacker@evil.example', 'x<attacker@evil.example>.com']) {
      await mailer
        .send({ from: 'Sésame <no-reply@example.com>', to, bcc: ['b,attacker@evil.example'], subject: 's', text: 't', html: '<p>t</p>', messageId: `<${to.length}@example.com>` })
        .catch(() => undefined); // the server may refuse the odd address: what matters is who got mail
    }
    await mailer.send({ from: 'no-reply@example.com', to: 'ana@example.com', bcc: [], subject: 's', text: 't', html: 't', messageId: '<ok@example.com>' });
    await smtp.waitFor('ana@example.com');
    assert.deepEqual(smtp.to('attacker@evil.example'), []);
  } finally {
    await mailer.close();
    await smtp.close();
  }
});
