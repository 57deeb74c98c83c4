// A client in a process of its own that times POST requests to a Sésame server, so
// that work the server does after answering is not counted, as for a real client.
// argv: base URL, path, JSON list of bodies; prints a JSON list of milliseconds.

const [base, path, bodies] = process.argv.slice(2);
const timings = [];
for (const body of JSON.parse(bodies)) {
  const start = process.hrtime.bigint();
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  timings.push({ status: response.status, ms: Number(process.hrtime.bigint() - start) / 1e6 });
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(JSON.stringify(timings));
