// Light, steady load for the mixin-load app: node load.mjs <base URL> <seconds>.
// Each round: product reads (some cache misses), an order (a job, a pool query, an outgoing call),
// three concurrent uploads against a semaphore of two (one is turned away with 503), and a failure.
const [base = 'http://127.0.0.1:3000', seconds = '30'] = process.argv.slice(2);
const until = Date.now() + Number(seconds) * 1000;
const hit = (path, init) => fetch(`${base}${path}`, init).then((r) => r.arrayBuffer()).catch(() => undefined);
let rounds = 0;
while (Date.now() < until) {
  rounds++;
  await Promise.all([
    hit(`/products/${rounds % 8}`),
    hit(`/products/${(rounds + 3) % 8}`),
    hit('/orders', { method: 'POST' }),
    hit('/upload'),
    hit('/upload'),
    hit('/upload'),
    rounds % 3 === 0 ? hit('/fail') : undefined,
  ]);
  await new Promise((r) => setTimeout(r, 50));
}
console.log(`load done: ${rounds} rounds`);
