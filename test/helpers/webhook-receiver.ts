// A real HTTP receiver of webhooks on loopback: records every request (headers and
// raw body) and answers the status the test sets (503 while "down").

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status answered from now on (200 by default). */
  answer: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks/sesame'): Promise<WebhookReceiver> {
  const receiver = { received: [] as ReceivedWebhook[], answer: 200 } as WebhookReceiver;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (receiver.answer >= 200 && receiver.answer < 300) {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
        receiver.received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      }
      response.writeHead(receiver.answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
